import { describe, expect, it } from 'vitest';
import type { NaclRule, NetworkDocument, SgRule } from './document';
import type { NaclId, SecurityGroupId } from './ids';
import { addNaclRule, addSgRule, replaceNaclRule, replaceSgRule, type EditResult } from './edit';
import { asId, validDocument } from './schema.fixture';

const sg = (id: string) => asId<SecurityGroupId>(id);
const acl = (id: string) => asId<NaclId>(id);

function ok(r: EditResult): NetworkDocument {
  if (!r.ok) throw new Error(`expected success, got: ${r.error}`);
  return r.document;
}

function err(r: EditResult): string {
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}

const tcp = (port: number, peer = '10.0.0.0/16'): SgRule => ({ protocol: 'tcp', fromPort: port, toPort: port, peer });

describe('replaceSgRule', () => {
  it('changes one rule in place and leaves the old document alone', () => {
    const before = validDocument();
    const after = ok(replaceSgRule(before, sg('sg-web'), 'inbound', 1, tcp(22, '203.0.113.5/32')));
    expect(after.securityGroups[0]?.inbound.map((r) => r.fromPort ?? r.icmpType)).toEqual([443, 22, 22, 443]);
    expect(after.securityGroups[0]?.inbound[1]).toEqual(tcp(22, '203.0.113.5/32'));
    expect(before.securityGroups[0]?.inbound[1]?.protocol).toBe('icmp');
  });

  it('refuses an index the group does not have', () => {
    expect(err(replaceSgRule(validDocument(), sg('sg-db'), 'outbound', 0, tcp(80)))).toBe('db has no outbound rule 1 (it has 0)');
    expect(err(replaceSgRule(validDocument(), sg('sg-nope'), 'inbound', 0, tcp(80)))).toBe('no security group has id "sg-nope"');
  });
});

describe('rule quotas', () => {
  const full = (n: number): NetworkDocument => {
    const d = validDocument();
    d.securityGroups[1]!.inbound = Array.from({ length: n }, (_, i) => tcp(1000 + i));
    return d;
  };

  it('refuses the 61st IPv4 rule of a direction with a sentence naming the group', () => {
    ok(addSgRule(full(59), sg('sg-db'), 'inbound', tcp(80)));
    expect(err(addSgRule(full(60), sg('sg-db'), 'inbound', tcp(80)))).toBe(
      'Quota reached: group db would have 61 inbound IPv4 rules; the quota is 60 (Inbound or outbound rules per security group)',
    );
    // IPv6 rules count separately.
    ok(addSgRule(full(60), sg('sg-db'), 'inbound', tcp(80, '::/0')));
  });

  it('counts a prefix list as its size when a replace brings one in', () => {
    ok(replaceSgRule(full(56), sg('sg-db'), 'inbound', 0, tcp(22, 'pl-admins')));
    expect(err(replaceSgRule(full(57), sg('sg-db'), 'inbound', 0, tcp(22, 'pl-admins')))).toBe(
      'Quota reached: group db would have 61 inbound IPv4 rules (counting each prefix list as its maximum size); the quota is 60 (Inbound or outbound rules per security group)',
    );
  });

  it('refuses the 20th numbered NACL rule of a family, counting the * rule', () => {
    const d = validDocument();
    d.networkAcls[1]!.outbound = Array.from({ length: 19 }, (_, i): NaclRule => ({ ruleNumber: i + 1, protocol: '-1', action: 'allow', cidr: '10.0.0.0/16' }));
    expect(err(addNaclRule(d, acl('acl-priv'), 'outbound', { ruleNumber: 500, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' }))).toBe(
      'Quota reached: network ACL private can hold 19 numbered outbound IPv4 rules plus the * rule (20 in all); this would make 21',
    );
    ok(addNaclRule(d, acl('acl-priv'), 'outbound', { ruleNumber: 500, protocol: '-1', action: 'deny', cidr: '::/0' }));
  });
});

describe('replaceNaclRule', () => {
  const deny22: NaclRule = { ruleNumber: 90, protocol: '6', action: 'deny', cidr: '0.0.0.0/0', fromPort: 22, toPort: 22 };

  it('edits a rule in place, renumbering it if asked', () => {
    const d = ok(replaceNaclRule(validDocument(), acl('acl-priv'), 'inbound', 90, deny22));
    expect(d.networkAcls[1]?.inbound[0]).toEqual(deny22);
    const moved = ok(replaceNaclRule(validDocument(), acl('acl-priv'), 'inbound', 90, { ...deny22, ruleNumber: 50 }));
    expect(moved.networkAcls[1]?.inbound.map((r) => r.ruleNumber)).toEqual([50, 100, 110]);
  });

  it('refuses a missing rule and a number already taken', () => {
    expect(err(replaceNaclRule(validDocument(), acl('acl-priv'), 'inbound', 7, deny22))).toBe('private has no inbound rule 7');
    expect(err(replaceNaclRule(validDocument(), acl('acl-priv'), 'inbound', 90, { ...deny22, ruleNumber: 100 }))).toBe('private already has inbound rule 100');
  });
});
