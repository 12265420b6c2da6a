import { describe, it, expect } from 'vitest';
import type { NetworkDocument, PrefixList, SgRule } from './document';
import { formatIssue } from './issuePath';
import { parseDocument } from './schema';
import { asId, validDocument } from './schema.fixture';
import { toScenarioFile } from './scenarioFile';
import { DEFAULT_SETTINGS } from './settings';
import { checkEniGroupCount, checkGroupQuota, checkNaclQuota, checkQuotaProduct, checkRuleQuota, ruleWeight, validateDocument } from './validate';

function errors(doc: NetworkDocument): string[] {
  return validateDocument(doc).map(formatIssue);
}

/** The valid fixture after `change`; checks that the change alone causes exactly `expected`. */
function expectErrors(change: (d: NetworkDocument) => void, expected: string[]): void {
  const doc = validDocument();
  change(doc);
  expect(errors(doc)).toEqual(expected);
}

const tcp = (port: number, peer: string): SgRule => ({ protocol: 'tcp', fromPort: port, toPort: port, peer });

describe('validateDocument', () => {
  it('finds nothing wrong in the fixture', () => {
    expect(errors(validDocument())).toEqual([]);
  });

  it('reports ten kinds of mistakes at once, each with its path', () => {
    const doc = validDocument();
    const [web, db] = doc.instances;
    const [sgWeb, sgDb] = doc.securityGroups;
    const priv = doc.networkAcls[1]!;
    doc.settings = { maxGroupsPerEni: 1, maxNaclRules: 3 };
    doc.subnets[1]!.networkAclId = asId('acl-nope');
    doc.subnets.push({ id: asId('subnet-far'), name: 'far', vpcId: asId('vpc-a'), cidr: '10.1.0.0/24', networkAclId: asId('acl-default') });
    db!.enis[0]!.id = asId('eni-web');
    web!.enis[0]!.privateIp = '10.0.1.1';
    db!.enis[0]!.publicIp = '192.168.1.5';
    sgWeb!.inbound[0] = { protocol: 'tcp', fromPort: 443, toPort: 80, peer: '0.0.0.0/0' };
    sgWeb!.inbound[1] = { protocol: 'icmp', icmpType: -1, icmpCode: 3, peer: '0.0.0.0/0' };
    sgDb!.inbound.push({ protocol: 'udp', peer: '10.0.0.0/16' }, tcp(5432, 'sg-ghost'));
    priv.inbound[1]!.ruleNumber = 90;
    priv.inbound.push({ ruleNumber: 200, protocol: '-1', action: 'deny', cidr: '0.0.0.0/0' });
    doc.expectations[0]!.traffic = 't-nope';
    const first = doc.traffic[0];
    if (first?.kind === 'request') first.to = asId('laptop');
    // Sorted: the test is about which messages appear, not the order the checks run in.
    expect([...errors(doc)].sort()).toEqual([
      'instances[1].enis[0].id: "eni-web" is already the id of instances[0].enis[0]',
      'subnets[1].networkAclId: "acl-nope" is not the id of any network ACL',
      'subnets[2].cidr: "10.1.0.0/24" is not inside vpc-a (10.0.0.0/16)',
      'instances[0].enis[0].privateIp: "10.0.1.1" is reserved by AWS in 10.0.1.0/24 (the VPC router)',
      'instances[0].enis[0].securityGroupIds: 2 security groups on one network interface; the quota is 1',
      'instances[1].enis[0].publicIp: "192.168.1.5" is not a public address (it is in 192.168.0.0/16)',
      'securityGroups[0].inbound[0]: port range 443-80 is reversed',
      'securityGroups[0].inbound[1].icmpCode: 3 needs a specific icmpType: when the type is -1 (all types) the code must be -1 too',
      'securityGroups[1].inbound[1]: udp rules need fromPort and toPort',
      'securityGroups[1].inbound[2].source: "sg-ghost" is not the id of any security group',
      'networkAcls[1].inbound[1].ruleNumber: rule number 90 is used twice in inbound',
      'networkAcls[1].inbound: 4 inbound IPv4 rules and the * rule make 5; the quota is 3',
      'traffic[0].to: "laptop" is also the sender: a host can\'t send to itself',
      'expectations[0].traffic: "t-nope" is not the id of any traffic item',
    ].sort());
  });

  it('checks references between VPCs, subnets, NACLs and gateways', () => {
    expectErrors((d) => {
      d.vpcs.push({ id: asId('vpc-b'), name: 'b', cidr: '10.9.0.0/16' });
      d.networkAcls.push({ id: asId('acl-b'), name: 'b', vpcId: asId('vpc-b'), inbound: [], outbound: [] });
      d.internetGateways.push({ id: asId('igw-2'), vpcId: asId('vpc-a') }, { id: asId('igw-3'), vpcId: asId('vpc-zz') });
      d.subnets[0]!.networkAclId = asId('acl-b');
      d.subnets.push({ id: asId('subnet-x'), name: 'x', vpcId: asId('vpc-a'), cidr: '10.0.1.128/25', ipv6Cidr: '2600:1f18:abc:ff00::/64', networkAclId: asId('acl-default') });
      d.networkAcls[1]!.vpcId = asId('vpc-q');
    }, [
      'internetGateways[1].vpcId: "vpc-a" already has an internet gateway (internetGateways[0])',
      'internetGateways[2].vpcId: "vpc-zz" is not the id of any VPC',
      'subnets[0].networkAclId: "acl-b" belongs to vpc-b, but this subnet is in vpc-a',
      'subnets[1].networkAclId: "acl-priv" belongs to vpc-q, but this subnet is in vpc-a',
      'subnets[2].ipv6Cidr: "2600:1f18:abc:ff00::/64" is not inside vpc-a (2600:1f18:abc:de00::/56)',
      'subnets[2].cidr: "10.0.1.128/25" overlaps subnets[0] (10.0.1.0/24)',
      'networkAcls[1].vpcId: "vpc-q" is not the id of any VPC',
    ]);
  });

  it('keeps a subnet IPv6 block out of a VPC without one', () => {
    expectErrors((d) => {
      d.vpcs[0]!.ipv6Cidr = undefined;
      d.networkAcls[0]!.inbound.pop();
    }, [
      'subnets[0].ipv6Cidr: "2600:1f18:abc:de01::/64" needs an IPv6 block on vpc-a, which has none',
    ]);
  });

  it('checks interface addresses against their subnet and each other', () => {
    expectErrors((d) => {
      const [web, db] = d.instances;
      web!.enis[0]!.privateIp = '10.0.1.255';
      web!.enis[0]!.ipv6 = '2600:1f18:abc:de01::2';
      db!.enis[0]!.privateIp = '10.0.3.5';
      db!.enis.push({ id: asId('eni-db2'), subnetId: asId('subnet-priv'), privateIp: '10.0.2.20', ipv6: '2600:1f18:abc:de01::30', publicIp: '192.0.2.10', securityGroupIds: [] });
      d.externalHosts[0]!.ipv4 = '10.0.2.20';
      d.instances.push({ id: asId('lost'), name: 'lost', enis: [{ id: asId('eni-lost'), subnetId: asId('subnet-nope'), privateIp: '10.0.9.9', securityGroupIds: [] }] });
    }, [
      'instances[0].enis[0].privateIp: "10.0.1.255" is reserved by AWS in 10.0.1.0/24 (the broadcast address)',
      'instances[0].enis[0].ipv6: "2600:1f18:abc:de01::2" is reserved by AWS in 2600:1f18:abc:de01::/64 (the DNS server)',
      'instances[1].enis[0].privateIp: "10.0.3.5" is not inside subnet subnet-priv (10.0.2.0/24)',
      'instances[1].enis[1].ipv6: "2600:1f18:abc:de01::30" needs an IPv6 block on subnet subnet-priv, which has none',
      'instances[1].enis[1].publicIp: "192.0.2.10" is already used by instances[0].enis[0]',
      'instances[2].enis[0].subnetId: "subnet-nope" is not the id of any subnet',
      'externalHosts[0].ipv4: "10.0.2.20" is already used by instances[1].enis[1]',
    ]);
  });

  it('checks the groups of an interface: known, once each, same VPC, within the quota', () => {
    expectErrors((d) => {
      d.vpcs.push({ id: asId('vpc-b'), name: 'b', cidr: '10.9.0.0/16' });
      d.securityGroups.push({ id: asId('sg-b'), name: 'b', vpcId: asId('vpc-b'), inbound: [], outbound: [] });
      d.instances[1]!.enis[0]!.securityGroupIds.push(asId('sg-db'), asId('sg-b'), asId('sg-zz'), asId('sg-web'), asId('sg-default'));
    }, [
      'instances[1].enis[0].securityGroupIds[1]: "sg-db" is listed twice',
      'instances[1].enis[0].securityGroupIds[2]: "sg-b" belongs to vpc-b, but this interface is in vpc-a',
      'instances[1].enis[0].securityGroupIds[3]: "sg-zz" is not the id of any security group',
      'instances[1].enis[0].securityGroupIds: 6 security groups on one network interface; the quota is 5',
    ]);
  });

  it('checks rule fields by protocol and group references by VPC (rules 8, 9, 11)', () => {
    expectErrors((d) => {
      d.vpcs.push({ id: asId('vpc-b'), name: 'b', cidr: '10.9.0.0/16' });
      d.securityGroups.push({ id: asId('sg-b'), name: 'b', vpcId: asId('vpc-b'), inbound: [tcp(22, 'sg-web'), tcp(22, 'pl-nope')], outbound: [tcp(22, 'sg-web')] });
      d.securityGroups[1]!.outbound = [
        { protocol: 'icmp', fromPort: 8, toPort: 0, peer: '0.0.0.0/0' },
        { protocol: 'tcp', fromPort: 80, toPort: 80, icmpType: 8, peer: '0.0.0.0/0' },
        { protocol: '-1', fromPort: 80, toPort: 90, peer: '0.0.0.0/0' },
        { protocol: 'icmpv6', icmpCode: 0, peer: '::/0' },
      ];
      d.networkAcls[1]!.outbound.push(
        { ruleNumber: 110, protocol: 'udp', action: 'allow', cidr: '0.0.0.0/0', fromPort: 53 },
        { ruleNumber: 120, protocol: 'tcp', action: 'allow', cidr: '0.0.0.0/0' },
        { ruleNumber: 130, protocol: '1', action: 'allow', cidr: '0.0.0.0/0', icmpType: -1, icmpCode: 4 },
      );
    }, [
      'securityGroups[1].outbound[0]: icmp rules take icmpType and icmpCode, not fromPort and toPort',
      'securityGroups[1].outbound[1]: icmpType and icmpCode apply only to icmp and icmpv6 rules',
      'securityGroups[1].outbound[3].icmpCode: 0 needs a specific icmpType: when the type is -1 (all types) the code must be -1 too',
      'securityGroups[3].inbound[0].source: "sg-web" is in VPC vpc-a, not vpc-b: a rule can only reference groups of its own VPC',
      'securityGroups[3].inbound[1].source: "pl-nope" is not the id of any prefix list',
      'securityGroups[3].outbound[0].destination: "sg-web" is in VPC vpc-a, not vpc-b: a rule can only reference groups of its own VPC',
      'networkAcls[1].outbound[1]: give both fromPort and toPort, or neither for all ports',
      'networkAcls[1].outbound[3].icmpCode: 4 needs a specific icmpType: when the type is -1 (all types) the code must be -1 too',
    ]);
  });

  it('counts NACL rule numbers per direction across both families, as AWS does', () => {
    expectErrors((d) => {
      d.networkAcls[0]!.inbound.push({ ruleNumber: 100, protocol: '-1', action: 'deny', cidr: '::/0' });
      d.networkAcls[0]!.outbound.push({ ruleNumber: 102, protocol: '-1', action: 'deny', cidr: '::/0' });
    }, ['networkAcls[0].inbound[2].ruleNumber: rule number 100 is used twice in inbound']);
  });

  it('checks prefix list entries against the family and the size', () => {
    expectErrors((d) => {
      d.prefixLists[0]!.maxEntries = 2;
      d.prefixLists[0]!.entries.push({ cidr: '2001:db8::/32' }, { cidr: '192.0.2.0/24' });
    }, [
      'prefixLists[0].entries[1].cidr: "2001:db8::/32" is not an IPv4 CIDR; this prefix list is IPv4',
      'prefixLists[0].entries: 3 entries, more than maxEntries (2)',
    ]);
  });

  it('checks ids across the whole document as one namespace', () => {
    expectErrors((d) => {
      d.externalHosts.push({ id: asId('sg-web'), name: 'clash', kind: 'server', ipv4: '198.51.100.99' });
      d.traffic[4]!.id = 't1';
    }, [
      'externalHosts[1].id: "sg-web" is already the id of securityGroups[0]',
      'traffic[4].id: "t1" is already the id of traffic[0]',
    ]);
  });

  it('checks the traffic script and the expectations', () => {
    expectErrors((d) => {
      d.traffic.push(
        { kind: 'request', at: 7, from: asId('web'), to: asId('ghost') },
        { kind: 'request', at: 7, from: asId('web'), to: asId('db'), service: 'ssh', protocol: 'tcp' },
        { kind: 'request', at: 7, from: asId('web'), to: asId('db'), protocol: 'udp' },
        { kind: 'packet', at: 7, from: asId('nobody'), to: asId('db'), protocol: '-1' },
        { kind: 'add-rule', at: 8, groupId: asId('sg-db'), direction: 'inbound' },
        { kind: 'add-rule', at: 8, groupId: asId('sg-db'), direction: 'inbound', rule: { protocol: 'tcp', peer: '0.0.0.0/0' } },
        { kind: 'remove-rule', at: 8, groupId: asId('sg-nope'), direction: 'inbound' },
        { kind: 'add-nacl-rule', at: 9, networkAclId: asId('acl-nope'), direction: 'inbound' },
        { kind: 'remove-nacl-rule', at: 9, networkAclId: asId('acl-priv'), direction: 'inbound' },
        { kind: 'add-rule', at: 10, groupId: asId('sg-db'), direction: 'inbound', rule: tcp(22, 'pl-nope') },
        { kind: 'add-rule', at: 10, groupId: asId('sg-db'), direction: 'outbound', rule: tcp(22, 'sg-ghost') },
      );
      d.expectations.push({ traffic: 't3', verdict: 'allowed', hop: 'igw' });
    }, [
      'traffic[7].to: "ghost" is not the id of any instance or external host',
      'traffic[7]: a request needs a service or a protocol',
      'traffic[8]: give a service or a protocol, not both',
      'traffic[9].port: is missing (a udp request needs a port)',
      'traffic[10].from: "nobody" is not the id of any instance or external host',
      'traffic[10].protocol: "-1" means all protocols; traffic needs one protocol',
      'traffic[11].rule: is missing (an add-rule change needs the rule to add)',
      'traffic[12].rule: tcp rules need fromPort and toPort',
      'traffic[13].groupId: "sg-nope" is not the id of any security group',
      'traffic[13].index: is missing (a remove-rule change needs the position of the rule to remove)',
      'traffic[14].networkAclId: "acl-nope" is not the id of any network ACL',
      'traffic[14].rule: is missing (an add-nacl-rule change needs the rule to add)',
      'traffic[15].ruleNumber: is missing (a remove-nacl-rule change needs the number of the rule to remove)',
      'traffic[16].rule.source: "pl-nope" is not the id of any prefix list',
      'traffic[17].rule.destination: "sg-ghost" is not the id of any security group',
      'expectations[2].hop: "igw" names where a packet is dropped, but this expectation says allowed',
    ]);
  });

  it('checks settings that depend on each other', () => {
    expectErrors((d) => {
      d.settings = { ephemeralFrom: 60999, ephemeralTo: 32768, maxGroupsPerEni: 16, maxRulesPerGroup: 100 };
    }, [
      'settings: ephemeral port range 60999-32768 is reversed',
      'settings: maxRulesPerGroup 100 × maxGroupsPerEni 16 = 1600; AWS caps this product at 1000',
    ]);
  });

  it('reports quota errors through parseDocument too', () => {
    const doc = validDocument();
    doc.securityGroups[1]!.inbound = Array.from({ length: 61 }, (_, i) => tcp(1000 + i, '10.0.0.0/16'));
    expect(parseDocument(toScenarioFile(doc))).toEqual({ ok: false, errors: ['securityGroups[1].inbound: 61 inbound IPv4 rules; the quota is 60'] });
  });
});

describe('quota checks (rules 40-41)', () => {
  const lists: PrefixList[] = [{ id: asId('pl-big'), name: 'big', family: 6, maxEntries: 20, entries: [] }];
  const rules = (n: number, peer: string) => Array.from({ length: n }, (_, i) => tcp(i + 1, peer));

  it('allows 60 rules per direction and family, and refuses 61', () => {
    expect(checkRuleQuota(rules(60, '10.0.0.0/8'), 'inbound', DEFAULT_SETTINGS, [])).toBeNull();
    expect(checkRuleQuota(rules(61, '10.0.0.0/8'), 'inbound', DEFAULT_SETTINGS, [])).toBe('61 inbound IPv4 rules; the quota is 60');
    // IPv4 and IPv6 are counted separately: 60 of each fit.
    expect(checkRuleQuota([...rules(60, '10.0.0.0/8'), ...rules(60, '::/0')], 'outbound', DEFAULT_SETTINGS, [])).toBeNull();
  });

  it('counts a group reference in both families and a prefix list as its maximum size', () => {
    expect(ruleWeight([tcp(1, 'sg-x'), tcp(2, 'pl-big'), tcp(3, '::/0'), tcp(4, 'pl-unknown')], lists)).toEqual({
      count: { 4: 1, 6: 22 },
      groupRefs: true,
      prefixLists: true,
    });
    const group = { inbound: [], outbound: [...rules(40, '::/0'), tcp(1, 'pl-big'), tcp(2, 'sg-x')] };
    expect(checkGroupQuota(group, DEFAULT_SETTINGS, lists)).toBe(
      '61 outbound IPv6 rules (counting each prefix list as its maximum size and each group reference in both IPv4 and IPv6); the quota is 60',
    );
  });

  it('counts the * rule in the NACL quota: 19 numbered rules fit, 20 do not', () => {
    const nacl = (n: number, cidr: string) => Array.from({ length: n }, (_, i) => ({ cidr, ruleNumber: i + 1 }));
    expect(checkNaclQuota(nacl(19, '0.0.0.0/0'), 'outbound', DEFAULT_SETTINGS)).toBeNull();
    expect(checkNaclQuota([...nacl(19, '0.0.0.0/0'), ...nacl(19, '::/0')], 'outbound', DEFAULT_SETTINGS)).toBeNull();
    expect(checkNaclQuota(nacl(20, '::/0'), 'inbound', DEFAULT_SETTINGS)).toBe('20 inbound IPv6 rules and the * rule make 21; the quota is 20');
  });

  it('checks groups per interface and the product of the two group quotas', () => {
    expect(checkEniGroupCount(['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5'], DEFAULT_SETTINGS)).toBeNull();
    expect(checkEniGroupCount(['sg-1', 'sg-2', 'sg-3', 'sg-4', 'sg-5', 'sg-6'], DEFAULT_SETTINGS)).toBe(
      '6 security groups on one network interface; the quota is 5',
    );
    expect(checkQuotaProduct({ maxGroupsPerEni: 16 })).toBeNull();
    expect(checkQuotaProduct({ maxGroupsPerEni: 10, maxRulesPerGroup: 101 })).toBe(
      'maxRulesPerGroup 101 × maxGroupsPerEni 10 = 1010; AWS caps this product at 1000',
    );
  });
});

