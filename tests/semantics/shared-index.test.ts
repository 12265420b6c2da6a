/**
 * The rule index is shared by every ENI of a document (src/domain/bitIndex.ts), while a verdict
 * names the first matching rule in each ENI's own group order (rule 2). These cases pin what
 * sharing could get wrong: two ENIs listing the same groups in opposite orders, a group that only
 * one of them has, rules past a 32-bit word of a group's row (bit 31 is the sign bit), and a
 * document too large to index, whose verdicts scan the rules.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/domain/addr';
import { compileModel } from '../../src/domain/model';
import type { Packet } from '../../src/domain/packet';
import { ICMP, TCP, UDP } from '../../src/domain/protocol';
import { sgRuleMatches } from '../../src/domain/sgRule';
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

function tcp(from: string, port: number, protocol = TCP, icmpType = 0, icmpCode = 0): { packet: Packet; remote: ReturnType<typeof ip> } {
  const remote = ip(from);
  return { packet: makePacket(remote, ip('10.0.1.10'), { protocol, srcPort: 40000, dstPort: port, icmpType, icmpCode, icmpId: 0, flags: protocol === TCP ? 'S' : null }), remote };
}

/** `group#index` of the rule a verdict names for this ENI, or null. */
function named(eni: 'web' | 'app' | 'db', q: ReturnType<typeof tcp>): string | null {
  const m = model.ruleSet(eniOf(eni), 'inbound').match(q.packet, q.remote);
  return m ? `${m.groupId}#${m.index}` : null;
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

  it('takes the earlier group when one matches by a wide port range and another by a narrow one', () => {
    // 8080 is in sg-a's 1024-65535 and in sg-b's 8000-9000.
    const q = tcp('203.0.113.9', 8080);
    expect(named('web', q)).toBe('sg-a#1');
    expect(named('app', q)).toBe('sg-b#1');
    expect(named('db', q)).toBeNull();
  });

  it('names the 0.0.0.0/0 rule of the ENI’s own groups for the untracked condition', () => {
    const dns = tcp('198.51.100.7', 53, UDP);
    const web = model.ruleSet(eniOf('web'), 'inbound').match(dns.packet, dns.remote);
    const app = model.ruleSet(eniOf('app'), 'inbound').match(dns.packet, dns.remote);
    expect(`${web?.groupId}#${web?.index}`).toBe('sg-a#2');
    expect(`${app?.groupId}#${app?.index}`).toBe('sg-b#2');
    const webWorld = model.ruleSet(eniOf('web'), 'inbound').wholeFamilyMatch(dns.packet, dns.remote);
    const appWorld = model.ruleSet(eniOf('app'), 'inbound').wholeFamilyMatch(dns.packet, dns.remote);
    // Both find sg-a's open rule, numbered in each ENI's own order: third of web's rules, sixth
    // of app's (after sg-b's three).
    expect([webWorld?.groupId, webWorld?.index, webWorld?.order]).toEqual(['sg-a', 2, 2]);
    expect([appWorld?.groupId, appWorld?.index, appWorld?.order]).toEqual(['sg-a', 2, 5]);
  });

  it('reads every word of a long group: rules 31, 32, 63 and 64 of a group of 70', () => {
    // Rule i of sg-long admits TCP port 1000 + i from 10.0.0.0/8 only; sg-c has one narrower rule.
    const long = buildDocument({
      groups: [
        { id: 'sg-long', inbound: Array.from({ length: 70 }, (_, i) => sg.tcp(1000 + i, '10.0.0.0/8')) },
        { id: 'sg-c', inbound: [sg.tcp([1000, 1100], '10.1.2.3/32')] },
      ],
      web: { groups: ['sg-long', 'sg-c'] },
      app: { groups: ['sg-c', 'sg-long'] },
    });
    const m = compileModel(long);
    expect(m.ruleSet(eniOf('web'), 'inbound').indexed).toBe(true);
    const at = (eni: 'web' | 'app', from: string, port: number): string | null => {
      const q = tcp(from, port);
      const r = m.ruleSet(eniOf(eni), 'inbound').match(q.packet, q.remote);
      return r ? `${r.groupId}#${r.index}/${r.order}` : null;
    };
    for (const i of [0, 31, 32, 63, 64, 69]) {
      expect(at('web', '10.9.9.9', 1000 + i)).toBe(`sg-long#${i}/${i}`);
      expect(at('web', '10.1.2.3', 1000 + i)).toBe(`sg-long#${i}/${i}`);
      expect(at('app', '10.1.2.3', 1000 + i)).toBe('sg-c#0/0');
      expect(at('app', '10.9.9.9', 1000 + i)).toBe(`sg-long#${i}/${i + 1}`);
    }
    expect(at('web', '11.0.0.1', 1031)).toBeNull();
    expect(at('web', '10.9.9.9', 1070)).toBeNull();
  });

  it('scans the rules of a document too large to index, with the same verdicts', () => {
    // 160 groups of 60 rules, each from its own /32: the index's rows would pass its budget.
    const groups = Array.from({ length: 160 }, (_, g) => ({
      id: `sg-g${g}`,
      inbound: Array.from({ length: 60 }, (_, i) => sg.tcp(2000 + i, `10.${g}.${i}.1/32`)),
    }));
    const big = compileModel(buildDocument({ groups, web: { groups: ['sg-g7', 'sg-g150'] } }));
    const set = big.ruleSet(eniOf('web'), 'inbound');
    expect(set.indexed).toBe(false);
    const q = (from: string, port: number) => {
      const t = tcp(from, port);
      const r = set.match(t.packet, t.remote);
      return r ? `${r.groupId}#${r.index}/${r.order}` : null;
    };
    expect(q('10.7.5.1', 2005)).toBe('sg-g7#5/5');
    expect(q('10.150.59.1', 2059)).toBe('sg-g150#59/119');
    expect(q('10.7.5.1', 2006)).toBeNull();
    expect(q('10.8.5.1', 2005)).toBeNull();
  });

  it('a reversed port range matches nothing, as the scan reads it', () => {
    // Validation refuses such a rule; the index must still not invent a match from it.
    const m = compileModel(buildDocument({ groups: [{ id: 'sg-r', inbound: [{ protocol: 'tcp', fromPort: 90, toPort: 80, peer: '0.0.0.0/0' }] }], web: { groups: ['sg-r'] } }));
    const set = m.ruleSet(eniOf('web'), 'inbound');
    expect(set.indexed).toBe(true);
    for (const port of [79, 80, 85, 90, 91]) expect(set.match(tcp('10.9.9.9', port).packet, ip('10.9.9.9'))).toBeNull();
  });

  it('names the rule a scan in group order names, on random groups of up to 70 rules', () => {
    const cidrs = ['10.0.0.0/8', '10.1.0.0/16', '10.1.2.0/24', '10.1.2.3/32', '192.0.2.0/25', '0.0.0.0/0', '10.0.1.10/32', 'sg-p0'];
    const ruleArb = fc.oneof(
      fc.record({ protocol: fc.constantFrom('tcp', 'udp'), fromPort: fc.constantFrom(22, 80, 443, 1024), span: fc.constantFrom(0, 1, 300, 64511), peer: fc.constantFrom(...cidrs) })
        .map(({ protocol, fromPort, span, peer }) => ({ protocol, fromPort, toPort: Math.min(65535, fromPort + span), peer })),
      fc.record({ icmpType: fc.constantFrom(-1, 0, 8), icmpCode: fc.constantFrom(-1, 0), peer: fc.constantFrom(...cidrs) }).map((r) => ({ protocol: 'icmp', ...r })),
      fc.record({ protocol: fc.constantFrom('-1', '50'), peer: fc.constantFrom(...cidrs) }),
    );
    const packetArb = fc.record({
      from: fc.constantFrom('10.1.2.3', '10.1.2.4', '10.1.9.9', '10.9.9.9', '192.0.2.77', '192.0.2.200', '203.0.113.5', '10.0.1.10'),
      protocol: fc.constantFrom(TCP, UDP, ICMP, 50),
      port: fc.constantFrom(22, 23, 80, 443, 1023, 1024, 1324, 8080, 65535),
      icmpType: fc.constantFrom(0, 8, 3),
      icmpCode: fc.constantFrom(0, 1),
    });
    fc.assert(
      fc.property(
        fc.array(fc.array(ruleArb, { maxLength: 70, size: 'max' }), { minLength: 3, maxLength: 3 }),
        fc.constantFrom<string[]>(['sg-p0', 'sg-p1', 'sg-p2'], ['sg-p2', 'sg-p0'], ['sg-p1']),
        fc.array(packetArb, { minLength: 1, maxLength: 20 }),
        (rules, order, packets) => {
          const groups = rules.map((inbound, g) => ({ id: `sg-p${g}`, inbound }));
          const m = compileModel(buildDocument({ groups, web: { groups: order }, app: { groups: ['sg-p0'] } }));
          const set = m.ruleSet(eniOf('web'), 'inbound');
          expect(set.indexed).toBe(true);
          for (const q of packets) {
            const t = tcp(q.from, q.port, q.protocol, q.icmpType, q.icmpCode);
            const scanned = set.rules.find((r) => sgRuleMatches(r, t.packet, t.remote)) ?? null;
            expect(set.match(t.packet, t.remote)).toBe(scanned);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
