/**
 * What the topology edits (`topologyEdit.ts`, `groupEdit.ts`) share: their result type, finding
 * what an id names, and picking the next free id, name, address or block the way the AWS console
 * would suggest it. Kept apart so that each edit module reads as the story of its edits.
 */
import { formatIpv4, parseCidr, parseIp, type Cidr } from './addr';
import { defaultNetworkAcl, defaultSecurityGroup } from './defaults';
import type { ExternalHost, Instance, InternetGateway, NetworkDocument, Subnet, Vpc } from './document';
import type { NaclId, SecurityGroupId } from './ids';

/** Like `EditResult`, plus the ids of what the edit created, so that the canvas can select them. */
export type TopologyResult = { ok: true; document: NetworkDocument; created?: string[] } | { ok: false; error: string };

export function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}

/** The five things a person places on the canvas. */
export type PlacedNode =
  | { kind: 'vpc'; node: Vpc }
  | { kind: 'subnet'; node: Subnet }
  | { kind: 'instance'; node: Instance }
  | { kind: 'client'; node: ExternalHost }
  | { kind: 'igw'; node: InternetGateway };

export function findNode(doc: NetworkDocument, id: string): PlacedNode | null {
  const vpc = doc.vpcs.find((v) => v.id === id);
  if (vpc) return { kind: 'vpc', node: vpc };
  const subnet = doc.subnets.find((s) => s.id === id);
  if (subnet) return { kind: 'subnet', node: subnet };
  const instance = doc.instances.find((i) => i.id === id);
  if (instance) return { kind: 'instance', node: instance };
  const host = doc.externalHosts.find((h) => h.id === id);
  if (host) return { kind: 'client', node: host };
  const igw = doc.internetGateways.find((g) => g.id === id);
  return igw ? { kind: 'igw', node: igw } : null;
}

const KIND_NAMES: Record<PlacedNode['kind'], string> = { vpc: 'VPC', subnet: 'subnet', instance: 'instance', client: 'client', igw: 'internet gateway' };

/** How a message names a node: `VPC main`, `subnet public`, `internet gateway igw-1`. */
export function nodeLabel(n: PlacedNode): string {
  return `${KIND_NAMES[n.kind]} ${n.kind === 'igw' ? n.node.id : n.node.name}`;
}

/** Why `id` is not something on the canvas, in the person's words. */
export function notANode(doc: NetworkDocument, id: string): string {
  if (doc.securityGroups.some((g) => g.id === id)) return `${id} is a security group, not something on the canvas`;
  if (doc.networkAcls.some((a) => a.id === id)) return `${id} is a network ACL, not something on the canvas`;
  return `Nothing on the canvas has id ${id}`;
}

export function vpcName(doc: NetworkDocument, vpcId: string): string {
  return doc.vpcs.find((v) => v.id === vpcId)?.name ?? vpcId;
}

/**
 * Every id of the document's one namespace (as `validate.ts` checks it) and every layout key, so
 * that a new node never inherits the position of something deleted earlier.
 */
export function takenIds(doc: NetworkDocument): Set<string> {
  const ids = new Set<string>(Object.keys(doc.layout));
  const lists = [doc.vpcs, doc.internetGateways, doc.subnets, doc.networkAcls, doc.securityGroups, doc.prefixLists, doc.instances, doc.externalHosts];
  for (const list of lists) for (const item of list) ids.add(item.id);
  for (const inst of doc.instances) for (const eni of inst.enis) ids.add(eni.id);
  for (const t of doc.traffic) if (t.id !== undefined) ids.add(t.id);
  return ids;
}

/** `prefix-1`, `prefix-2`, …: the first one not taken. Adds it to `taken` for the next call. */
export function freshId<T extends string>(taken: Set<string>, prefix: string): T {
  let n = 1;
  while (taken.has(`${prefix}-${n}`)) n++;
  const id = `${prefix}-${n}`;
  taken.add(id);
  return id as T;
}

/** `base-1`, `base-2`, …: the first one no name in `names` uses. */
export function freshName(names: Iterable<string>, base: string): string {
  const used = new Set(names);
  let n = 1;
  while (used.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

/** Every address an interface or an external host holds: the validator wants each to have one owner. */
export function usedAddresses(doc: NetworkDocument): string[] {
  const out: string[] = [];
  for (const inst of doc.instances) {
    for (const e of inst.enis) out.push(...[e.privateIp, e.publicIp, e.ipv6].filter((a): a is string => a !== undefined));
  }
  for (const h of doc.externalHosts) out.push(...[h.ipv4, h.ipv6].filter((a): a is string => a !== undefined));
  return out;
}

function v4Block(text: string): Cidr | null {
  const c = parseCidr(text, 4);
  return c.ok ? c.value : null;
}

function overlaps(a: Cidr, b: Cidr): boolean {
  return a.lo4 <= b.hi4 && b.lo4 <= a.hi4;
}

/** The first 10.N.0.0/16 that overlaps no VPC of the document (the console's default VPC size). */
export function nextVpcBlock(doc: NetworkDocument): string | null {
  const others = doc.vpcs.map((v) => v4Block(v.cidr)).filter((c): c is Cidr => c !== null);
  for (let n = 0; n < 256; n++) {
    const block = v4Block(`10.${n}.0.0/16`);
    if (block && !others.some((o) => overlaps(o, block))) return block.text;
  }
  return null;
}

/** The smallest subnet AWS allows. */
const SMALLEST_SUBNET = 28;

/**
 * The first /24 of the VPC's block that overlaps none of its subnets; a VPC smaller than a /24
 * offers blocks of its own size (down to AWS's /28 minimum).
 */
export function nextSubnetBlock(doc: NetworkDocument, vpc: Vpc): string | null {
  const outer = v4Block(vpc.cidr);
  if (!outer || outer.prefix > SMALLEST_SUBNET) return null;
  const prefix = Math.max(24, outer.prefix);
  const others = doc.subnets.filter((s) => s.vpcId === vpc.id).map((s) => v4Block(s.cidr)).filter((c): c is Cidr => c !== null);
  const size = 2 ** (32 - prefix);
  const count = 2 ** (prefix - outer.prefix);
  for (let k = 0; k < count; k++) {
    const block = v4Block(`${formatIpv4(outer.lo4 + k * size)}/${prefix}`);
    if (block && !others.some((o) => overlaps(o, block))) return block.text;
  }
  return null;
}

/** TEST-NET-3 (RFC 5737): public-looking addresses that can never belong to anyone real. */
export const CLIENT_BLOCK = '203.0.113.0/24';

/** The first host address of an IPv4 block (network and broadcast addresses left out) nobody holds. */
export function nextHostAddress(block: string, used: readonly string[]): string | null {
  const cidr = v4Block(block);
  if (!cidr) return null;
  const taken = new Set<number>();
  for (const u of used) {
    const a = parseIp(u);
    if (a.ok && a.value.family === 4) taken.add(a.value.v4);
  }
  for (let v = cidr.lo4 + 1; v < cidr.hi4; v++) if (!taken.has(v)) return formatIpv4(v);
  return null;
}

/**
 * The VPC's default group and default NACL, created when a file left them out (AWS always has
 * both), so that a new subnet or instance can be given them.
 */
export function withVpcDefaults(doc: NetworkDocument, vpc: Vpc): { document: NetworkDocument; groupId: SecurityGroupId; aclId: NaclId } {
  let document = doc;
  const taken = takenIds(doc);
  let groupId = doc.securityGroups.find((g) => g.vpcId === vpc.id && g.isDefault)?.id;
  if (groupId === undefined) {
    groupId = freshId<SecurityGroupId>(taken, 'sg');
    document = { ...document, securityGroups: [...document.securityGroups, defaultSecurityGroup(groupId, vpc.id, vpc.ipv6Cidr !== undefined)] };
  }
  let aclId = doc.networkAcls.find((a) => a.vpcId === vpc.id && a.isDefault)?.id;
  if (aclId === undefined) {
    aclId = freshId<NaclId>(taken, 'acl');
    document = { ...document, networkAcls: [...document.networkAcls, defaultNetworkAcl(aclId, vpc.id, vpc.ipv6Cidr !== undefined)] };
  }
  return { document, groupId, aclId };
}

/**
 * The traffic script without the items `drop` picks, and without the expectations about those
 * items: an expectation about a removed packet could never be checked.
 */
export function pruneTraffic(doc: NetworkDocument, drop: (t: NetworkDocument['traffic'][number]) => boolean): NetworkDocument {
  const removed = doc.traffic.filter(drop);
  if (removed.length === 0) return doc;
  const removedIds = new Set(removed.flatMap((t) => (t.id === undefined ? [] : [t.id])));
  return {
    ...doc,
    traffic: doc.traffic.filter((t) => !drop(t)),
    expectations: doc.expectations.filter((e) => !removedIds.has(e.traffic)),
  };
}
