/**
 * Ten kinds of mistakes a person makes in a scenario file, each written into a copy of the
 * classic scenario, with the message the loader must give for it. Shared by the unit test
 * (src/io/scenarioFile.test.ts) and the browser test (e2e/persistence.spec.ts), so both check
 * the same words.
 *
 * The loader reads a file through three gates (the version, then the shape of every field, then
 * the references between fields) and each gate stops the next one, so that a file of another
 * version does not drown in a hundred shape errors. Ten kinds therefore come as three files: the
 * mistakes of one gate all in one file, all reported at once.
 */
import classic from '../../assets/scenarios/01-classic-http-no-outbound.json' with { type: 'json' };

type Json = Record<string, unknown>;

export interface Mistake {
  kind: string;
  /** A field-naming message the loader must show, in full. */
  message: string;
}

export interface BadFile {
  name: string;
  text: string;
  mistakes: Mistake[];
}

function copy(): Json {
  return structuredClone(classic) as Json;
}

function list(doc: Json, key: string): Json[] {
  return doc[key] as Json[];
}

function at(items: Json[], i: number): Json {
  const item = items[i];
  if (!item) throw new Error(`the classic scenario has no item ${i}`);
  return item;
}

/** Mistakes in single fields: the shape gate reports every one of them together. */
function shapeFile(): BadFile {
  const doc = copy();
  const vpc = at(list(doc, 'vpcs'), 0);
  vpc['cidr'] = '10.0.300.0/16';
  const acl = at(list(doc, 'networkAcls'), 0);
  at(acl['inbound'] as Json[], 0)['cidr'] = '0.0.0.0/33';
  at(acl['outbound'] as Json[], 0)['ruleNumber'] = 40000;
  const sg = at(list(doc, 'securityGroups'), 0);
  at(sg['inbound'] as Json[], 0)['protocol'] = 'tcpp';
  delete at(list(doc, 'subnets'), 0)['networkAclId'];
  return {
    name: 'shape-mistakes.stateful.json',
    text: JSON.stringify(doc, null, 2),
    mistakes: [
      { kind: 'bad IPv4 CIDR', message: 'vpcs[0].cidr: "10.0.300.0/16" is not an IPv4 CIDR' },
      { kind: '/33 prefix', message: 'networkAcls[0].inbound[0].cidr: "0.0.0.0/33" is not an IPv4 CIDR (the prefix must be 0 to 32)' },
      { kind: 'NACL rule number out of range', message: 'networkAcls[0].outbound[0].ruleNumber: 40000 is above the maximum of 32766' },
      { kind: 'unknown protocol', message: 'securityGroups[0].inbound[0].protocol: "tcpp" is not a protocol (use tcp, udp, icmp, icmpv6, -1 or a number 0-255)' },
      { kind: 'missing required field', message: 'subnets[0].networkAclId: is missing (expected a string)' },
    ],
  };
}

/** Mistakes between fields: each field is well formed, but they do not fit together. */
function referenceFile(): BadFile {
  const doc = copy();
  const sg = at(list(doc, 'securityGroups'), 0);
  const rule = at(sg['inbound'] as Json[], 0);
  rule['fromPort'] = 443;
  rule['toPort'] = 80;
  const groups = list(doc, 'securityGroups');
  for (let n = 2; n <= 6; n++) groups.push({ id: `sg-extra-${n}`, name: `extra ${n}`, vpcId: 'vpc-main', inbound: [], outbound: [] });
  const eni = at(at(list(doc, 'instances'), 0)['enis'] as Json[], 0);
  eni['securityGroupIds'] = ['sg-web', 'sg-extra-2', 'sg-extra-3', 'sg-extra-4', 'sg-extra-5', 'sg-extra-6'];
  sg['outbound'] = [{ protocol: 'tcp', fromPort: 3306, toPort: 3306, destination: 'sg-database' }];
  list(doc, 'externalHosts').push({ id: 'client', name: 'second laptop', kind: 'client', ipv4: '203.0.113.6' });
  return {
    name: 'reference-mistakes.stateful.json',
    text: JSON.stringify(doc, null, 2),
    mistakes: [
      { kind: 'duplicate id', message: 'externalHosts[2].id: "client" is already the id of externalHosts[0]' },
      { kind: 'six groups on one ENI', message: 'instances[0].enis[0].securityGroupIds: 6 security groups on one network interface; the quota is 5' },
      { kind: 'reversed port range', message: 'securityGroups[0].inbound[0]: port range 443-80 is reversed' },
      { kind: 'unknown security group reference', message: 'securityGroups[0].outbound[0].destination: "sg-database" is not the id of any security group' },
    ],
  };
}

function versionFile(): BadFile {
  const doc = copy();
  doc['version'] = 2;
  return {
    name: 'future-version.stateful.json',
    text: JSON.stringify(doc, null, 2),
    mistakes: [{ kind: 'wrong version', message: 'version: 2 is not a supported version (this build reads version 1)' }],
  };
}

export function badFiles(): BadFile[] {
  return [shapeFile(), referenceFile(), versionFile()];
}
