import { describe, it, expect } from 'vitest';
import { parseCidr, parseIp } from './addr';
import { customNetworkAcl, defaultNetworkAcl, defaultSecurityGroup, emptyDocument, newSecurityGroup, nextFreeAddress, reservedAddressRole } from './defaults';
import type { SecurityGroupId, VpcId } from './ids';
import { compileNacl, evaluateNacl } from './nacl';
import type { Packet } from './packet';
import { parseDocument } from './schema';
import { asId, validDocument } from './schema.fixture';
import { toScenarioFile } from './scenarioFile';
import { DEFAULT_SETTINGS } from './settings';

const sg = asId<SecurityGroupId>('sg-new');
const vpc = asId<VpcId>('vpc-a');

describe('security group factories (rules 13 and 14)', () => {
  it('gives a new group no inbound rules and all outbound to 0.0.0.0/0 only, by default', () => {
    expect(newSecurityGroup(sg, 'web', vpc, DEFAULT_SETTINGS)).toEqual({
      id: 'sg-new',
      name: 'web',
      vpcId: 'vpc-a',
      inbound: [],
      outbound: [{ protocol: '-1', peer: '0.0.0.0/0' }],
    });
  });

  it('adds ::/0 egress to a new group when the setting asks for it', () => {
    expect(newSecurityGroup(sg, 'web', vpc, { newGroupIpv6Egress: true }).outbound).toEqual([
      { protocol: '-1', peer: '0.0.0.0/0' },
      { protocol: '-1', peer: '::/0' },
    ]);
  });

  it('lets the default group admit its own members and send anywhere; ::/0 only with IPv6', () => {
    const g = defaultSecurityGroup(sg, vpc, false);
    expect(g).toMatchObject({ isDefault: true, name: 'default', inbound: [{ protocol: '-1', peer: 'sg-new' }] });
    expect(g.outbound).toEqual([{ protocol: '-1', peer: '0.0.0.0/0' }]);
    expect(defaultSecurityGroup(sg, vpc, true).outbound.map((r) => r.peer)).toEqual(['0.0.0.0/0', '::/0']);
  });
});

describe('network ACL factories (rule 32)', () => {
  const packet = (family: 4 | 6): Packet => {
    const src = parseIp(family === 4 ? '203.0.113.5' : '2001:db8::5');
    const dst = parseIp(family === 4 ? '10.0.1.10' : '2600:1f18:abc:de01::10');
    if (!src.ok || !dst.ok) throw new Error('bad test address');
    return { family, src: src.value, dst: dst.value, protocol: 6, srcPort: 50000, dstPort: 22, icmpType: 0, icmpCode: 0, icmpId: 0, flags: 'S' };
  };

  it('allows everything both ways in the default NACL with rule 100, and 101 for IPv6', () => {
    const v4 = defaultNetworkAcl(asId('acl-d'), vpc, false);
    expect(v4.isDefault).toBe(true);
    expect(v4.inbound).toEqual([{ ruleNumber: 100, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' }]);
    expect(v4.outbound).toEqual(v4.inbound);
    const v6 = compileNacl(defaultNetworkAcl(asId('acl-d'), vpc, true));
    expect(evaluateNacl(v6, 'inbound', packet(6))).toMatchObject({ kind: 'rule', rule: { ruleNumber: 101, action: 'allow' } });
    expect(evaluateNacl(compileNacl(v4), 'inbound', packet(6))).toEqual({ kind: 'star', ruleNumber: 32768 });
  });

  it('denies everything in a custom NACL until rules are added', () => {
    const acl = customNetworkAcl(asId('acl-c'), vpc);
    expect(acl).toEqual({ id: 'acl-c', name: 'acl-c', vpcId: 'vpc-a', inbound: [], outbound: [] });
    expect(evaluateNacl(compileNacl(acl), 'outbound', packet(4))).toEqual({ kind: 'star', ruleNumber: 32767 });
    expect(customNetworkAcl(asId('acl-c'), vpc, 'public').name).toBe('public');
  });
});

describe('nextFreeAddress', () => {
  it('skips the four addresses AWS reserves at the start', () => {
    expect(nextFreeAddress('10.0.1.0/24', [])).toBe('10.0.1.4');
  });

  it('skips used addresses, and ignores used addresses that are not addresses', () => {
    expect(nextFreeAddress('10.0.1.0/24', ['10.0.1.4', '10.0.1.5', 'junk', '10.0.1.7'])).toBe('10.0.1.6');
  });

  it('never hands out the broadcast address and says null when the block is full', () => {
    const used = Array.from({ length: 10 }, (_, i) => `10.0.1.${i + 4}`);
    expect(nextFreeAddress('10.0.1.0/28', used)).toBe('10.0.1.14');
    expect(nextFreeAddress('10.0.1.0/28', [...used, '10.0.1.14'])).toBeNull();
    expect(nextFreeAddress('10.0.1.0/31', [])).toBeNull();
  });

  it('works in IPv6 blocks and refuses text that is not a block', () => {
    expect(nextFreeAddress('2600:1f18:abc:de01::/64', ['2600:1f18:abc:de01::4'])).toBe('2600:1f18:abc:de01::5');
    expect(nextFreeAddress('10.0.1.0', [])).toBeNull();
  });

  it('names why an address is reserved', () => {
    const block = parseCidr('10.0.1.0/24');
    const at = (text: string) => {
      const a = parseIp(text);
      if (!block.ok || !a.ok) throw new Error('bad test address');
      return reservedAddressRole(block.value, a.value);
    };
    expect(['10.0.1.0', '10.0.1.1', '10.0.1.2', '10.0.1.3', '10.0.1.4', '10.0.1.255'].map(at)).toEqual([
      'the network address',
      'the VPC router',
      'the DNS server',
      'reserved for future use',
      null,
      'the broadcast address',
    ]);
  });
});

describe('emptyDocument', () => {
  it('is a valid version 1 document with nothing in it', () => {
    const doc = emptyDocument('Untitled');
    expect(parseDocument(toScenarioFile(doc))).toEqual({ ok: true, document: doc });
    expect(doc.vpcs).toEqual([]);
  });

  it('builds documents that pass validation when the factories fill them', () => {
    const doc = validDocument();
    doc.securityGroups.push(newSecurityGroup(asId('sg-extra'), 'extra', doc.vpcs[0]!.id, DEFAULT_SETTINGS));
    doc.networkAcls.push(customNetworkAcl(asId('acl-extra'), doc.vpcs[0]!.id));
    expect(parseDocument(toScenarioFile(doc)).ok).toBe(true);
  });
});
