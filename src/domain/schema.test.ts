import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { defaultNetworkAcl, defaultSecurityGroup, nextFreeAddress } from './defaults';
import type { Instance, NaclRule, NetworkAcl, NetworkDocument, SecurityGroup, SgRule, Subnet, TrafficItem } from './document';
import { parseDocument } from './schema';
import { asId, validDocument } from './schema.fixture';
import { toScenarioFile } from './scenarioFile';

/** A valid document as untyped file JSON, so tests can break it in ways the type system forbids. */
function json(): Record<string, unknown> & { [k: string]: unknown } {
  return JSON.parse(JSON.stringify(toScenarioFile(validDocument()))) as Record<string, unknown>;
}

function errorsOf(input: unknown): string[] {
  const r = parseDocument(input);
  return r.ok ? [] : r.errors;
}

describe('parseDocument: a valid document', () => {
  it('passes and comes back unchanged', () => {
    const doc = validDocument();
    expect(parseDocument(toScenarioFile(doc))).toEqual({ ok: true, document: doc });
  });

  it('round-trips: parse, toScenarioFile, JSON.stringify, parse gives the same document', () => {
    const first = parseDocument(json());
    if (!first.ok) throw new Error(first.errors.join('\n'));
    const second = parseDocument(JSON.parse(JSON.stringify(toScenarioFile(first.document))));
    expect(second).toEqual(first);
  });

  it('reads source and destination into the rule\'s peer, and toScenarioFile writes them back', () => {
    const file = json() as {
      securityGroups: { inbound: Record<string, unknown>[]; outbound: Record<string, unknown>[] }[];
      traffic: Record<string, unknown>[];
    };
    expect(file.securityGroups[0]!.inbound[0]).toEqual({ protocol: 'tcp', fromPort: 443, toPort: 443, source: '0.0.0.0/0' });
    expect(file.securityGroups[0]!.outbound[0]).toEqual({ protocol: '-1', destination: '0.0.0.0/0' });
    expect(file.traffic[3]!['rule']).toEqual({ protocol: 'tcp', fromPort: 22, toPort: 22, source: '10.0.1.0/24' });
    expect(file.traffic[4]).not.toHaveProperty('rule');
    expect(JSON.stringify(file)).not.toContain('"peer"');
    const r = parseDocument(file);
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.document.securityGroups[1]!.inbound[0]).toEqual({ protocol: 'tcp', fromPort: 3306, toPort: 3306, peer: 'sg-web' });
    expect(r.document.securityGroups[0]!.outbound[0]).toEqual({ protocol: '-1', peer: '0.0.0.0/0' });
  });

  it('accepts a $schema key for editors and drops it', () => {
    const r = parseDocument({ ...json(), $schema: '../../docs/scenario.schema.json' });
    expect(r.ok && '$schema' in r.document).toBe(false);
    expect(r.ok).toBe(true);
  });
});

describe('parseDocument: versions and non-objects', () => {
  it('names the supported version when the version is missing or different', () => {
    const { version: _v, ...rest } = json();
    void _v;
    expect(errorsOf(rest)).toEqual(['version: is missing (this build reads version 1)']);
    expect(errorsOf({ ...json(), version: 2 })).toEqual(['version: 2 is not a supported version (this build reads version 1)']);
    expect(errorsOf({ ...json(), version: '1' })).toEqual(['version: "1" is not a supported version (this build reads version 1)']);
  });

  it('refuses a value that is not an object', () => {
    expect(errorsOf([])).toEqual(['document: [] is not a scenario (expected an object)']);
    expect(errorsOf(null)).toEqual(['document: null is not a scenario (expected an object)']);
  });
});

describe('parseDocument: shape errors name the field', () => {
  it('reports every shape mistake with its path, value and reason', () => {
    const doc = json() as {
      name: unknown;
      vpcs: Record<string, unknown>[];
      securityGroups: { id: string; inbound: Record<string, unknown>[] }[];
      networkAcls: { inbound: Record<string, unknown>[] }[];
      instances: { enis: Record<string, unknown>[] }[];
      traffic: Record<string, unknown>[];
      expectations: Record<string, unknown>[];
      layout: unknown;
    };
    doc.name = 42;
    doc.vpcs[0]!['cidr'] = '10.0.0.0/8';
    doc.securityGroups[1]!.inbound[0]!['source'] = '10.0.0.300/33';
    doc.securityGroups[1]!.inbound[0]!['protocol'] = 'tcpp';
    doc.securityGroups[0]!.inbound[0]!['fromPrt'] = 80;
    doc.securityGroups[2]!.id = 'default';
    doc.networkAcls[1]!.inbound[0]!['action'] = 'permit';
    doc.networkAcls[1]!.inbound[1]!['ruleNumber'] = 40000;
    doc.networkAcls[1]!.inbound[2]!['cidr'] = 'sg-web';
    doc.instances[0]!.enis[0]!['privateIp'] = '10.0.1.256';
    doc.instances[0]!.enis[0]!['ipv6'] = '10.0.1.11';
    doc.instances[1]!.enis[0]!['connectionTracking'] = { udpTimeout: 90 };
    delete doc.traffic[0]!['from'];
    doc.traffic[1]!['kind'] = 'ping';
    doc.traffic[2]!['at'] = -1;
    doc.expectations[0]!['verdict'] = 'allow';
    doc.layout = { web: { x: 'left', y: 0 } };
    expect(errorsOf(doc)).toEqual([
      'name: 42 is not a string',
      'vpcs[0].cidr: "10.0.0.0/8" is not a valid VPC block size (AWS allows /16 to /28)',
      'networkAcls[1].inbound[0].action: "permit" is not one of "allow", "deny"',
      'networkAcls[1].inbound[1].ruleNumber: 40000 is above the maximum of 32766',
      'networkAcls[1].inbound[2].cidr: "sg-web" is not a CIDR (network ACL rules take address blocks only)',
      'securityGroups[0].inbound[0].fromPrt: is not a known field (check its spelling)',
      'securityGroups[1].inbound[0].protocol: "tcpp" is not a protocol (use tcp, udp, icmp, icmpv6, -1 or a number 0-255)',
      'securityGroups[1].inbound[0].source: "10.0.0.300/33" is not an IPv4 CIDR (the prefix must be 0 to 32)',
      'securityGroups[2].id: "default" is not a security group id (it must start with sg-)',
      'instances[0].enis[0].privateIp: "10.0.1.256" is not an IPv4 address',
      'instances[0].enis[0].ipv6: "10.0.1.11" is not an IPv6 address',
      'instances[1].enis[0].connectionTracking.udpTimeout: 90 is above the maximum of 60',
      'layout.web.x: "left" is not a number',
      'traffic[0].from: is missing (expected a string)',
      'traffic[1].kind: "ping" is not one of "request", "packet", "add-rule", "remove-rule", "add-nacl-rule", "remove-nacl-rule"',
      'traffic[2].at: -1 is below the minimum of 0',
      'expectations[0].verdict: "allow" is not one of "allowed", "dropped"',
    ]);
  });

  it('checks settings against their bounds and refuses unknown settings', () => {
    const doc = { ...json(), settings: { maxGroupsPerEni: 17, udpStreamTimeout: 59.5, tcpEstablishedTimout: 60 } };
    expect(errorsOf(doc)).toEqual([
      'settings.udpStreamTimeout: 59.5 is not a whole number',
      'settings.maxGroupsPerEni: 17 is above the maximum of 16',
      'settings.tcpEstablishedTimout: is not a known field (check its spelling)',
    ]);
  });

  it('reports a missing list and a list of the wrong type', () => {
    const { subnets: _s, ...rest } = json();
    void _s;
    expect(errorsOf({ ...rest, vpcs: {} })).toEqual(['vpcs: {} is not a list', 'subnets: is missing (expected a list)']);
  });

  it('refuses the document\'s own peer in a file: a rule names its source or destination', () => {
    const doc = json() as { securityGroups: { inbound: Record<string, unknown>[]; outbound: Record<string, unknown>[] }[]; traffic: Record<string, unknown>[] };
    const inbound = doc.securityGroups[0]!.inbound[0]!;
    const outbound = doc.securityGroups[0]!.outbound[0]!;
    inbound['peer'] = inbound['source'];
    delete inbound['source'];
    outbound['peer'] = outbound['destination'];
    delete outbound['destination'];
    (doc.traffic[3]!['rule'] as Record<string, unknown>)['peer'] = '10.0.1.0/24';
    expect(errorsOf(doc)).toEqual([
      'securityGroups[0].inbound[0].peer: is not a field of an inbound rule, which names its source (rename peer to source)',
      'securityGroups[0].outbound[0].peer: is not a field of an outbound rule, which names its destination (rename peer to destination)',
      'traffic[3].rule.peer: is not a field of an inbound rule, which names its source',
    ]);
  });

  it('refuses a source on an outbound rule and a destination on an inbound one, naming the field', () => {
    const doc = json() as { securityGroups: { inbound: Record<string, unknown>[]; outbound: Record<string, unknown>[] }[]; traffic: Record<string, unknown>[] };
    // A rule change keeps its rule and flips its direction: the rule still says source.
    doc.traffic[3]!['direction'] = 'outbound';
    // A rule copied from the inbound list to the outbound list, and one the other way.
    doc.securityGroups[0]!.outbound.push({ protocol: 'tcp', fromPort: 22, toPort: 22, source: '10.0.0.0/16' });
    doc.securityGroups[1]!.inbound.push({ protocol: 'tcp', fromPort: 22, toPort: 22, destination: '10.0.0.0/16', fromPrt: 1 });
    expect(errorsOf(doc)).toEqual([
      'securityGroups[0].outbound[1].source: is not a field of an outbound rule, which names its destination (rename source to destination)',
      'securityGroups[1].inbound[1].destination: is not a field of an inbound rule, which names its source (rename destination to source)',
      'securityGroups[1].inbound[1].fromPrt: is not a known field (check its spelling)',
      'traffic[3].rule.source: is not a field of an outbound rule, which names its destination (rename source to destination)',
    ]);
  });

  it('reports a rule change without a valid direction once, at the direction', () => {
    const doc = json() as { traffic: Record<string, unknown>[] };
    delete doc.traffic[3]!['direction'];
    doc.traffic[4]!['direction'] = 'both';
    expect(errorsOf(doc)).toEqual(['traffic[3].direction: is missing (expected one of "inbound", "outbound")', 'traffic[4].direction: "both" is not one of "inbound", "outbound"']);
  });

  it('runs the cross-reference checks only once the shape holds', () => {
    const doc = json() as { name: unknown; subnets: Record<string, unknown>[] };
    doc.name = 1;
    doc.subnets[0]!['vpcId'] = 'vpc-nope';
    expect(errorsOf(doc)).toEqual(['name: 1 is not a string']);
  });
});

// A small generator of valid documents: every choice it makes stays inside the rules, so any
// error parseDocument reports is a false alarm.
const tcpUdp = fc
  .tuple(fc.constantFrom('tcp', 'udp', '6', '17'), fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 65535 }))
  .map(([protocol, a, b]) => ({ protocol, fromPort: Math.min(a, b), toPort: Math.max(a, b) }));
const icmp = fc
  .tuple(fc.constantFrom('icmp', 'icmpv6', '1', '58'), fc.integer({ min: -1, max: 255 }), fc.integer({ min: -1, max: 255 }))
  .map(([protocol, type, code]) => ({ protocol, icmpType: type, icmpCode: type === -1 ? -1 : code }));
const other = fc.constantFrom({ protocol: '-1' }, { protocol: '47' }, { protocol: 'all' });
const ruleBody = fc.oneof(tcpUdp, icmp, other);
const sgRule = fc.tuple(ruleBody, fc.constantFrom('0.0.0.0/0', '::/0', '203.0.113.0/24', '2001:db8::/32', 'SELF'));
const naclRules = fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 32766 }), ruleBody, fc.constantFrom('allow', 'deny' as const), fc.constantFrom('0.0.0.0/0', '::/0', '10.0.0.0/8')), {
  maxLength: 8,
  selector: ([n]) => n,
});
const shape = fc.record({
  vpcCount: fc.integer({ min: 1, max: 2 }),
  subnetsPerVpc: fc.integer({ min: 1, max: 3 }),
  ipv6: fc.boolean(),
  groups: fc.array(fc.record({ vpc: fc.nat(), inbound: fc.array(sgRule, { maxLength: 5 }), outbound: fc.array(sgRule, { maxLength: 5 }) }), { maxLength: 4 }),
  nacl: naclRules,
  instances: fc.array(fc.record({ subnet: fc.nat(), groups: fc.uniqueArray(fc.nat({ max: 5 }), { maxLength: 4 }), publicIp: fc.boolean() }), { maxLength: 6 }),
  traffic: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('http', 'ssh', 'ping', 'dns' as const)), { maxLength: 5 }),
  // Rule changes: add-rule when there is a rule, remove-rule otherwise.
  changes: fc.array(fc.tuple(fc.nat(), fc.constantFrom('inbound', 'outbound' as const), fc.option(sgRule, { nil: undefined })), { maxLength: 4 }),
});

function build(s: typeof shape extends fc.Arbitrary<infer T> ? T : never): NetworkDocument {
  const doc = JSON.parse(JSON.stringify(validDocument())) as NetworkDocument;
  const vpcIds = Array.from({ length: s.vpcCount }, (_, i) => `vpc-${i}` as NetworkDocument['vpcs'][number]['id']);
  doc.vpcs = vpcIds.map((id, i) => ({ id, name: id, cidr: `10.${i}.0.0/16`, ...(s.ipv6 ? { ipv6Cidr: `2600:1f18:abc:${i}00::/56` } : {}) }));
  doc.internetGateways = [{ id: asId('igw-0'), vpcId: vpcIds[0]! }];
  const nacls: NetworkAcl[] = vpcIds.flatMap((v, i) => [
    defaultNetworkAcl(asId(`acl-d${i}`), v, s.ipv6),
    { id: asId(`acl-c${i}`), name: 'custom', vpcId: v, inbound: s.nacl.map(([ruleNumber, body, action, cidr]): NaclRule => ({ ruleNumber, action, cidr, ...body })), outbound: [] },
  ]);
  doc.networkAcls = nacls;
  const subnets: Subnet[] = vpcIds.flatMap((v, i) =>
    Array.from({ length: s.subnetsPerVpc }, (_, j) => ({
      id: asId(`subnet-${i}-${j}`),
      name: `s${j}`,
      vpcId: v,
      cidr: `10.${i}.${j}.0/24`,
      ...(s.ipv6 ? { ipv6Cidr: `2600:1f18:abc:${i}0${j}::/64` } : {}),
      networkAclId: asId(`acl-${j % 2 ? 'c' : 'd'}${i}`),
    })),
  );
  doc.subnets = subnets;
  const groups: SecurityGroup[] = vpcIds.map((v, i) => defaultSecurityGroup(asId(`sg-default${i}`), v, s.ipv6));
  // 'SELF' stands for the rule's own group, the one reference sure to be in the same VPC.
  const rule =
    (self: string) =>
    ([body, peer]: [object, string]): SgRule => ({ ...(body as { protocol: string }), peer: peer === 'SELF' ? self : peer });
  s.groups.forEach((g, k) => {
    const id = `sg-g${k}` as SecurityGroup['id'];
    groups.push({ id, name: `g${k}`, vpcId: vpcIds[g.vpc % s.vpcCount]!, inbound: g.inbound.map(rule(id)), outbound: g.outbound.map(rule(id)) });
  });
  doc.securityGroups = groups;
  const used: string[] = [];
  doc.instances = s.instances.map((inst, n): Instance => {
    const subnet = subnets[inst.subnet % subnets.length]!;
    const privateIp = nextFreeAddress(subnet.cidr, used)!;
    const ipv6 = subnet.ipv6Cidr ? nextFreeAddress(subnet.ipv6Cidr, used)! : undefined;
    used.push(privateIp, ...(ipv6 ? [ipv6] : []));
    const own = groups.filter((g) => g.vpcId === subnet.vpcId);
    const picked = [...new Set(inst.groups.map((k) => own[k % own.length]!.id))];
    return {
      id: asId(`i-${n}`),
      name: `host ${n}`,
      enis: [{ id: asId(`eni-${n}`), subnetId: subnet.id, privateIp, ...(ipv6 ? { ipv6 } : {}), ...(inst.publicIp ? { publicIp: `198.51.100.${n + 10}` } : {}), securityGroupIds: picked }],
    };
  });
  const nodes = [...doc.instances.map((i) => i.id as string), ...doc.externalHosts.map((h) => h.id as string)];
  const requests = s.traffic.flatMap(([a, b, service], k): TrafficItem[] => {
    const from = nodes[a % nodes.length]!;
    const to = nodes[b % nodes.length]!;
    return from === to ? [] : [{ kind: 'request', at: k, id: `t${k}`, from: asId(from), to: asId(to), service }];
  });
  const changes = s.changes.map(([g, direction, body], k): TrafficItem => {
    const group = groups[g % groups.length]!;
    const at = s.traffic.length + k;
    return body ? { kind: 'add-rule', at, groupId: group.id, direction, rule: rule(group.id)(body) } : { kind: 'remove-rule', at, groupId: group.id, direction, index: 0 };
  });
  doc.traffic = [...requests, ...changes];
  doc.expectations = requests.map((t) => ({ traffic: t.id!, verdict: 'allowed' }));
  doc.layout = Object.fromEntries(nodes.map((n, i) => [n, { x: i * 10, y: i * 5 }]));
  return doc;
}

describe('parseDocument: generated valid documents', () => {
  it('round-trips every document the generator builds: parse(toScenarioFile(doc)) is doc', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const doc = build(s);
        const r = parseDocument(toScenarioFile(doc));
        expect(r.ok ? [] : r.errors).toEqual([]);
        expect(r.ok && r.document).toEqual(doc);
      }),
      { numRuns: 200 },
    );
  });

  it('accepts the same documents as saved JSON text, with no peer left in them', () => {
    fc.assert(
      fc.property(shape, (s) => {
        const doc = build(s);
        const text = JSON.stringify(toScenarioFile(doc));
        expect(text).not.toContain('"peer"');
        const r = parseDocument(JSON.parse(text));
        expect(r.ok ? [] : r.errors).toEqual([]);
        expect(r.ok && r.document).toEqual(doc);
      }),
      { numRuns: 200 },
    );
  });
});
