import { describe, expect, it } from 'vitest';
import { emptyDocument } from '../domain/defaults';
import type { NetworkDocument, SgRule } from '../domain/document';
import { formatIssue } from '../domain/issuePath';
import { validDocument } from '../domain/schema.fixture';
import type { TopologyResult } from '../domain/topologyEdit';
import { validateDocument } from '../domain/validate';
import { applyCommand, type Command } from './commands';

function ok(r: TopologyResult): NetworkDocument {
  if (!r.ok) throw new Error(`expected success, got: ${r.error}`);
  expect(validateDocument(r.document).map(formatIssue)).toEqual([]);
  return r.document;
}

function err(r: TopologyResult): string {
  if (r.ok) throw new Error('expected a refusal');
  return r.error;
}

function run(doc: NetworkDocument, ...cmds: Command[]): NetworkDocument {
  return cmds.reduce((d, c) => ok(applyCommand(d, c)), doc);
}

describe('applyCommand', () => {
  it('maps the node commands to the topology edits', () => {
    const d = run(
      emptyDocument('t'),
      { type: 'node.add', kind: 'vpc', at: { x: 0, y: 0 } },
      { type: 'node.add', kind: 'subnet', at: { x: 10, y: 10 }, parentId: 'vpc-1' },
      { type: 'node.add', kind: 'instance', at: { x: 50, y: 50 }, parentId: 'subnet-1' },
      { type: 'nodes.duplicate', ids: ['i-1'], offset: { x: 5, y: 5 } },
      { type: 'nodes.move', ids: ['subnet-1'], dx: 1, dy: 2 },
      { type: 'node.rename', id: 'i-2', name: 'copy' },
      { type: 'nodes.delete', ids: ['i-1'] },
    );
    expect(d.instances.map((i) => i.name)).toEqual(['copy']);
    expect(d.layout['i-2']).toEqual({ x: 56, y: 57 });
    const r = applyCommand(d, { type: 'node.add', kind: 'client', at: { x: 0, y: 0 } });
    expect(r.ok && r.created).toEqual(['client-1']);
  });

  it('maps the group commands to the group edits', () => {
    const d = run(
      validDocument(),
      { type: 'group.create', vpcId: 'vpc-a', name: 'api' },
      { type: 'group.attach', target: 'db', groupId: 'sg-1' },
      { type: 'group.detach', target: 'eni-db', groupId: 'sg-db' },
      { type: 'group.rename', groupId: 'sg-1', name: 'api2' },
      { type: 'group.create', vpcId: 'vpc-a', name: 'spare' },
      { type: 'group.delete', groupId: 'sg-2' },
    );
    expect(d.instances[1]?.enis[0]?.securityGroupIds).toEqual(['sg-1']);
    expect(d.securityGroups.map((g) => g.name)).toEqual(['web', 'db', 'default', 'api2']);
  });

  it('maps the rule commands to the rule edits', () => {
    const d = run(
      validDocument(),
      { type: 'sg-rule.add', groupId: 'sg-db', direction: 'inbound', rule: { protocol: 'tcp', fromPort: 22, toPort: 22, peer: '10.0.0.0/16' } },
      { type: 'sg-rule.remove', groupId: 'sg-db', direction: 'inbound', index: 0 },
      { type: 'nacl-rule.add', networkAclId: 'acl-priv', direction: 'inbound', rule: { ruleNumber: 300, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' } },
      { type: 'nacl-rule.remove', networkAclId: 'acl-priv', direction: 'inbound', ruleNumber: 90 },
    );
    expect(d.securityGroups[1]?.inbound).toEqual([{ protocol: 'tcp', fromPort: 22, toPort: 22, peer: '10.0.0.0/16' }]);
    expect(d.networkAcls[1]?.inbound.map((r) => r.ruleNumber)).toEqual([100, 110, 300]);
  });

  it('refuses rules a file could not hold, with the reason', () => {
    const add = (rule: Extract<Command, { type: 'sg-rule.add' }>['rule']) => applyCommand(validDocument(), { type: 'sg-rule.add', groupId: 'sg-db', direction: 'inbound', rule });
    expect(err(add({ protocol: 'tcp', fromPort: 80, toPort: 80, peer: 'anywhere' }))).toBe(
      `"anywhere" is not an IPv4 CIDR (it needs a /prefix, e.g. /32 for one address); a rule's other side is a CIDR, a security group (sg-…) or a prefix list (pl-…)`,
    );
    expect(err(add({ protocol: 'tpc', fromPort: 80, toPort: 80, peer: '0.0.0.0/0' }))).toBe('"tpc" is not a protocol (tcp, udp, icmp, icmpv6, -1 or 0-255)');
    expect(err(add({ protocol: 'tcp', fromPort: 80, toPort: 70000, peer: '0.0.0.0/0' }))).toBe('Ports must be whole numbers from 0 to 65535');
    expect(err(add({ protocol: 'tcp', fromPort: 90, toPort: 80, peer: '0.0.0.0/0' }))).toBe('That change would break the document: port range 90-80 is reversed');
    expect(err(add({ protocol: 'tcp', fromPort: 80, toPort: 80, peer: 'sg-ghost' }))).toBe(
      'That change would break the document: "sg-ghost" is not the id of any security group',
    );
    const nacl = (rule: Extract<Command, { type: 'nacl-rule.add' }>['rule']) =>
      applyCommand(validDocument(), { type: 'nacl-rule.add', networkAclId: 'acl-priv', direction: 'outbound', rule });
    expect(err(nacl({ ruleNumber: 0, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' }))).toBe(
      'Rule number 0 is out of range: AWS takes whole numbers from 1 to 32766',
    );
    expect(err(nacl({ ruleNumber: 5, protocol: '-1', action: 'allow', cidr: '10.0.0.1/8' }))).toBe(
      '"10.0.0.1/8" is not an IPv4 CIDR (host bits are set; the block is 10.0.0.0/8)',
    );
    // Same number in the other family: edit.ts lets it through, the validator does not.
    expect(err(nacl({ ruleNumber: 100, protocol: '-1', action: 'allow', cidr: '::/0' }))).toBe(
      'That change would break the document: rule number 100 is used twice in outbound',
    );
  });

  it('replaces rules in place, checking them as the adds do', () => {
    const d = run(
      validDocument(),
      { type: 'sg-rule.replace', groupId: 'sg-web', direction: 'inbound', index: 0, rule: { protocol: 'tcp', fromPort: 22, toPort: 22, peer: '203.0.113.5/32' } },
      { type: 'nacl-rule.replace', networkAclId: 'acl-priv', direction: 'inbound', ruleNumber: 90, rule: { ruleNumber: 80, protocol: '6', action: 'deny', cidr: '198.51.100.0/24', fromPort: 3389, toPort: 3389 } },
    );
    expect(d.securityGroups[0]?.inbound[0]).toEqual({ protocol: 'tcp', fromPort: 22, toPort: 22, peer: '203.0.113.5/32' });
    expect(d.networkAcls[1]?.inbound.map((r) => [r.ruleNumber, r.action, r.fromPort])).toEqual([[80, 'deny', 3389], [100, 'allow', 3306], [110, 'allow', undefined]]);
    const replace = (rule: SgRule) => applyCommand(validDocument(), { type: 'sg-rule.replace', groupId: 'sg-web', direction: 'inbound', index: 0, rule });
    expect(err(replace({ protocol: 'tcp', fromPort: 90, toPort: 80, peer: '0.0.0.0/0' }))).toBe('That change would break the document: port range 90-80 is reversed');
    expect(err(replace({ protocol: 'tcp', fromPort: 80, toPort: 80, peer: '10.0.0.300/33' }))).toMatch(/^"10\.0\.0\.300\/33" is not an IPv4 CIDR/);
    expect(err(applyCommand(validDocument(), { type: 'nacl-rule.replace', networkAclId: 'acl-priv', direction: 'inbound', ruleNumber: 90, rule: { ruleNumber: 40000, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' } }))).toBe(
      'Rule number 40000 is out of range: AWS takes whole numbers from 1 to 32766',
    );
  });

  it('brings quota refusals back as sentences about the group or ACL', () => {
    const doc = validDocument();
    doc.settings = { ...doc.settings, maxRulesPerGroup: 1, maxNaclRules: 4 };
    expect(err(applyCommand(doc, { type: 'sg-rule.add', groupId: 'sg-db', direction: 'inbound', rule: { protocol: 'tcp', fromPort: 1, toPort: 1, peer: '10.0.0.0/8' } }))).toBe(
      'Quota reached: group db would have 2 inbound IPv4 rules (counting each group reference in both IPv4 and IPv6); the quota is 1 (Inbound or outbound rules per security group)',
    );
    expect(err(applyCommand(doc, { type: 'nacl-rule.add', networkAclId: 'acl-priv', direction: 'inbound', rule: { ruleNumber: 300, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' } }))).toBe(
      'Quota reached: network ACL private can hold 3 numbered inbound IPv4 rules plus the * rule (4 in all); this would make 5',
    );
  });

  it('passes the rule edits\' own refusals through', () => {
    expect(err(applyCommand(validDocument(), { type: 'sg-rule.remove', groupId: 'sg-db', direction: 'outbound', index: 0 }))).toBe(
      'db has no outbound rule 1 (it has 0)',
    );
  });

  it('replaces the whole document, refusing one with problems and naming where they are', () => {
    const next = emptyDocument('other');
    const r = applyCommand(validDocument(), { type: 'document.replace', document: next });
    expect(r.ok && r.document).toBe(next);
    const bad = validDocument();
    bad.expectations.push({ traffic: 'ghost', verdict: 'allowed' });
    expect(err(applyCommand(emptyDocument('t'), { type: 'document.replace', document: bad }))).toBe(
      `This document can't be loaded: expectations[2].traffic: "ghost" is not the id of any traffic item`,
    );
    const worse = validDocument();
    worse.subnets[0]!.vpcId = worse.vpcs[0]!.id.replace('a', 'z') as typeof worse.vpcs[0]['id'];
    expect(err(applyCommand(emptyDocument('t'), { type: 'document.replace', document: worse }))).toMatch(/ \(and 1 more\)$/);
  });

  it('does not blame an edit for problems the document already had', () => {
    const bad = validDocument();
    bad.expectations.push({ traffic: 'ghost', verdict: 'allowed' });
    const r = applyCommand(bad, { type: 'node.rename', id: 'web', name: 'front' });
    expect(r.ok).toBe(true);
  });
});
