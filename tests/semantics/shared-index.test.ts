/**
 * The rule index is shared by every ENI of a document (src/domain/groupIndex.ts), while a verdict
 * names the first matching rule in each ENI's own group order (rule 2). These cases pin what
 * sharing could get wrong: two ENIs listing the same groups in opposite orders, a group that only
 * one of them has, and ports that fall in the narrow and the wide tables.
 */
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/domain/addr';
import { compileModel } from '../../src/domain/model';
import type { Packet } from '../../src/domain/packet';
import { TCP, UDP } from '../../src/domain/protocol';
import { makePacket } from '../../src/domain/traffic';
import { buildDocument, eniOf, sg } from '../support/network';

const doc = buildDocument({
  groups: [
    { id: 'sg-a', inbound: [sg.tcp(22, '10.0.0.0/8'), sg.tcp([1024, 65535], '203.0.113.0/24'), sg.udp(53, '0.0.0.0/0')] },
    { id: 'sg-b', inbound: [sg.tcp(22, '10.1.0.0/16'), sg.tcp([8000, 9000], '0.0.0.0/0'), sg.udp(53, '198.51.100.7/32')] },
    { id: 'sg-c', inbound: [sg.tcp(22, '10.1.2.3/32')] },
  ],
  web: { groups: ['sg-a', 'sg-b'] },
  app: { groups: ['sg-b', 'sg-a', 'sg-c'] },
  db: { groups: ['sg-c'] },
});
const model = compileModel(doc);

function ip(text: string) {
  const r = parseIp(text);
  if (!r.ok) throw new Error(text);
  return r.value;
}

function tcp(from: string, port: number, protocol = TCP): { packet: Packet; remote: ReturnType<typeof ip> } {
  const remote = ip(from);
  return { packet: makePacket(remote, ip('10.0.1.10'), { protocol, srcPort: 40000, dstPort: port, icmpType: 0, icmpCode: 0, icmpId: 0, flags: protocol === TCP ? 'S' : null }), remote };
}

/** `group#index` of the rule a verdict names for this ENI, or null. */
function named(eni: 'web' | 'app' | 'db', q: ReturnType<typeof tcp>): string | null {
  const m = model.ruleSet(eniOf(eni), 'inbound').match(q.packet, q.remote);
  return m ? `${m.rule.groupId}#${m.rule.index}` : null;
}

describe('one rule index for every ENI, each ENI in its own group order', () => {
  it('names the first matching rule in the order the ENI lists its groups', () => {
    const ssh = tcp('10.1.2.3', 22);
    expect(named('web', ssh)).toBe('sg-a#0');
    expect(named('app', ssh)).toBe('sg-b#0');
    expect(named('db', ssh)).toBe('sg-c#0');
  });

  it('skips the groups an ENI does not have', () => {
    expect(named('db', tcp('10.9.9.9', 22))).toBeNull();
    expect(named('web', tcp('10.9.9.9', 22))).toBe('sg-a#0');
    expect(named('web', tcp('10.1.9.9', 22))).toBe('sg-a#0');
    expect(named('app', tcp('10.1.9.9', 22))).toBe('sg-b#0');
    expect(named('app', tcp('10.9.9.9', 22))).toBe('sg-a#0');
  });

  it('takes the earlier group when one matches in the narrow table and another in the wide one', () => {
    // 8080 is in sg-a's 1024-65535 (wide) and in sg-b's 8000-9000 (narrow).
    const q = tcp('203.0.113.9', 8080);
    expect(named('web', q)).toBe('sg-a#1');
    expect(named('app', q)).toBe('sg-b#1');
    expect(named('db', q)).toBeNull();
  });

  it('names the 0.0.0.0/0 rule of the ENI’s own groups for the untracked condition', () => {
    const dns = tcp('198.51.100.7', 53, UDP);
    const web = model.ruleSet(eniOf('web'), 'inbound').match(dns.packet, dns.remote);
    const app = model.ruleSet(eniOf('app'), 'inbound').match(dns.packet, dns.remote);
    expect(`${web?.rule.groupId}#${web?.rule.index}`).toBe('sg-a#2');
    expect(`${app?.rule.groupId}#${app?.rule.index}`).toBe('sg-b#2');
    // Both find sg-a's open rule, numbered in each ENI's own order: third of web's rules, sixth
    // of app's (after sg-b's three).
    expect([web?.wholeFamilyRule?.groupId, web?.wholeFamilyRule?.index, web?.wholeFamilyRule?.order]).toEqual(['sg-a', 2, 2]);
    expect([app?.wholeFamilyRule?.groupId, app?.wholeFamilyRule?.index, app?.wholeFamilyRule?.order]).toEqual(['sg-a', 2, 5]);
  });
});
