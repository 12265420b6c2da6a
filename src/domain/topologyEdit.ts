/**
 * Pure edits of the topology a person draws: add a node where it was dropped, move, delete,
 * duplicate and rename nodes. Each fills in what the AWS console would (names, addresses, blocks,
 * the VPC's default group and NACL), refuses what AWS would refuse with a sentence naming what is
 * wrong, and returns a new document that passes `validateDocument` whenever its input did.
 * Group membership and group lifecycle live in `groupEdit.ts`, re-exported here.
 */
import { defaultNetworkAcl, defaultSecurityGroup, nextFreeAddress } from './defaults';
import type { Eni, ExternalHost, Instance, LayoutEntry, NetworkDocument, Point } from './document';
import type { EniId, ExternalHostId, InstanceId, InternetGatewayId, NaclId, SecurityGroupId, SubnetId, VpcId } from './ids';
import {
  CLIENT_BLOCK,
  fail,
  findNode,
  freshId,
  freshName,
  nextHostAddress,
  nextSubnetBlock,
  nextVpcBlock,
  nodeLabel,
  notANode,
  pruneTraffic,
  takenIds,
  usedAddresses,
  vpcName,
  withVpcDefaults,
  type TopologyResult,
} from './topologyBase';

export { attachGroup, createGroup, deleteGroup, detachGroup, renameGroup } from './groupEdit';
export type { TopologyResult } from './topologyBase';

export type NewNodeKind = 'client' | 'instance' | 'vpc' | 'subnet' | 'igw';

const KIND_WORDS: Record<NewNodeKind, string> = { client: 'a client', instance: 'an EC2 instance', vpc: 'a VPC', subnet: 'a subnet', igw: 'an internet gateway' };

const finite = (p: Point): boolean => Number.isFinite(p.x) && Number.isFinite(p.y);

function placed(doc: NetworkDocument, id: string, at: LayoutEntry): NetworkDocument['layout'] {
  return { ...doc.layout, [id]: { ...at } };
}

/**
 * A node of `kind` dropped at `at` (its layout entry) inside the container `parentId`, or on
 * free canvas when there is none.
 */
export function addNode(doc: NetworkDocument, kind: NewNodeKind, at: LayoutEntry, parentId?: string): TopologyResult {
  if (!finite(at)) return fail(`The drop point (${at.x}, ${at.y}) is not a position on the canvas`);
  const parent = parentId === undefined ? null : findNode(doc, parentId);
  if (parentId !== undefined && !parent) return fail(notANode(doc, parentId));
  const taken = takenIds(doc);

  switch (kind) {
    case 'vpc': {
      if (parent) return fail(`A VPC can't go inside ${nodeLabel(parent)}: drop it on free canvas`);
      const cidr = nextVpcBlock(doc);
      if (!cidr) return fail('Every 10.N.0.0/16 block is already used by a VPC; delete one first');
      const id = freshId<VpcId>(taken, 'vpc');
      const sg = freshId<SecurityGroupId>(taken, 'sg');
      const acl = freshId<NaclId>(taken, 'acl');
      const vpc = { id, name: freshName(doc.vpcs.map((v) => v.name), 'vpc'), cidr };
      return created(id, {
        ...doc,
        vpcs: [...doc.vpcs, vpc],
        securityGroups: [...doc.securityGroups, defaultSecurityGroup(sg, id, false)],
        networkAcls: [...doc.networkAcls, defaultNetworkAcl(acl, id, false)],
        layout: placed(doc, id, at),
      });
    }
    case 'subnet': {
      if (parent?.kind !== 'vpc') return fail('A subnet must be dropped inside a VPC');
      const vpc = parent.node;
      const cidr = nextSubnetBlock(doc, vpc);
      if (!cidr) return fail(`VPC ${vpc.name} (${vpc.cidr}) has no room for another subnet`);
      const { document, aclId } = withVpcDefaults(doc, vpc);
      const id = freshId<SubnetId>(takenIds(document), 'subnet');
      const subnet = { id, name: freshName(doc.subnets.map((s) => s.name), 'subnet'), vpcId: vpc.id, cidr, networkAclId: aclId };
      return created(id, { ...document, subnets: [...document.subnets, subnet], layout: placed(document, id, at) });
    }
    case 'instance': {
      if (parent?.kind !== 'subnet') return fail('An EC2 instance must be dropped inside a subnet');
      const subnet = parent.node;
      const vpc = doc.vpcs.find((v) => v.id === subnet.vpcId);
      if (!vpc) return fail(`Subnet ${subnet.name} names VPC ${subnet.vpcId}, which does not exist`);
      const privateIp = nextFreeAddress(subnet.cidr, usedAddresses(doc));
      if (!privateIp) return fail(`Subnet ${subnet.name} (${subnet.cidr}) has no free address left`);
      const { document, groupId } = withVpcDefaults(doc, vpc);
      const ids = takenIds(document);
      const id = freshId<InstanceId>(ids, 'i');
      const eni: Eni = { id: freshId<EniId>(ids, 'eni'), subnetId: subnet.id, privateIp, securityGroupIds: [groupId] };
      const instance: Instance = { id, name: freshName(doc.instances.map((i) => i.name), 'instance'), enis: [eni] };
      return created(id, { ...document, instances: [...document.instances, instance], layout: placed(document, id, at) });
    }
    case 'igw': {
      if (parent?.kind !== 'vpc') return fail('An internet gateway must be dropped on a VPC');
      const vpc = parent.node;
      const existing = doc.internetGateways.find((g) => g.vpcId === vpc.id);
      if (existing) return fail(`VPC ${vpc.name} already has an internet gateway (${existing.id}); a VPC can have only one`);
      const id = freshId<InternetGatewayId>(taken, 'igw');
      return created(id, { ...doc, internetGateways: [...doc.internetGateways, { id, vpcId: vpc.id }], layout: placed(doc, id, at) });
    }
    case 'client': {
      if (parent) return fail(`A client stands on the internet, outside every VPC: drop it outside ${nodeLabel(parent)}`);
      const ipv4 = nextHostAddress(CLIENT_BLOCK, usedAddresses(doc));
      if (!ipv4) return fail(`Every address of ${CLIENT_BLOCK} is already used by a client`);
      const id = freshId<ExternalHostId>(taken, 'client');
      const host: ExternalHost = { id, name: freshName(doc.externalHosts.map((h) => h.name), 'client'), kind: 'client', ipv4 };
      return created(id, { ...doc, externalHosts: [...doc.externalHosts, host], layout: placed(doc, id, at) });
    }
  }
}

function created(id: string, document: NetworkDocument): TopologyResult {
  return { ok: true, document, created: [id] };
}

/** Instances drawn in each subnet: the subnet of an instance's first interface, as the canvas draws it. */
function homeSubnet(inst: Instance): string | undefined {
  return inst.enis[0]?.subnetId;
}

/** The ids and everything drawn inside them, so that a container carries its contents. */
function withContents(doc: NetworkDocument, ids: Iterable<string>): Set<string> {
  const out = new Set<string>();
  const addSubnet = (subnetId: string) => {
    out.add(subnetId);
    for (const inst of doc.instances) if (homeSubnet(inst) === subnetId) out.add(inst.id);
  };
  for (const id of ids) {
    const n = findNode(doc, id);
    if (n?.kind === 'vpc') {
      out.add(id);
      for (const s of doc.subnets) if (s.vpcId === id) addSubnet(s.id);
      for (const g of doc.internetGateways) if (g.vpcId === id) out.add(g.id);
    } else if (n?.kind === 'subnet') addSubnet(id);
    else out.add(id);
  }
  return out;
}

function unknownIn(doc: NetworkDocument, ids: readonly string[]): string | null {
  const bad = ids.find((id) => !findNode(doc, id));
  return bad === undefined ? null : notANode(doc, bad);
}

/** Shifts the nodes and what they contain; a node the layout never placed stays where the canvas puts it. */
export function moveNodes(doc: NetworkDocument, ids: readonly string[], dx: number, dy: number): TopologyResult {
  const unknown = unknownIn(doc, ids);
  if (unknown) return fail(unknown);
  if (!Number.isFinite(dx) || !Number.isFinite(dy)) return fail(`A move by (${dx}, ${dy}) is not a distance on the canvas`);
  if (dx === 0 && dy === 0) return { ok: true, document: doc };
  const layout = { ...doc.layout };
  for (const id of withContents(doc, ids)) {
    const entry = layout[id];
    if (entry) layout[id] = { ...entry, x: entry.x + dx, y: entry.y + dy };
  }
  return { ok: true, document: { ...doc, layout } };
}

/**
 * Deletes the nodes and what cannot exist without them: a VPC takes its subnets, gateway, groups,
 * NACLs and instances; a subnet its instances (any of whose interfaces sit in it). Traffic to or
 * from a deleted instance, changes to a deleted group or NACL and expectations about them go too.
 */
export function deleteNodes(doc: NetworkDocument, ids: readonly string[]): TopologyResult {
  const unknown = unknownIn(doc, ids);
  if (unknown) return fail(unknown);
  const vpcs = new Set(ids.filter((id) => findNode(doc, id)?.kind === 'vpc'));
  const subnets = new Set([...ids.filter((id) => findNode(doc, id)?.kind === 'subnet'), ...doc.subnets.filter((s) => vpcs.has(s.vpcId)).map((s) => s.id)]);
  const gone = new Set<string>([...ids, ...subnets]);
  for (const inst of doc.instances) if (inst.enis.some((e) => subnets.has(e.subnetId))) gone.add(inst.id);
  const inVpc = (x: { vpcId: string }) => vpcs.has(x.vpcId);
  for (const list of [doc.internetGateways, doc.securityGroups, doc.networkAcls]) for (const x of list) if (inVpc(x)) gone.add(x.id);
  const kept = <T extends { id: string }>(list: T[]) => list.filter((x) => !gone.has(x.id));
  const layout = Object.fromEntries(Object.entries(doc.layout).filter(([id]) => !gone.has(id)));
  const without: NetworkDocument = {
    ...doc,
    vpcs: kept(doc.vpcs),
    internetGateways: kept(doc.internetGateways),
    subnets: kept(doc.subnets),
    networkAcls: kept(doc.networkAcls),
    securityGroups: kept(doc.securityGroups),
    instances: kept(doc.instances),
    externalHosts: kept(doc.externalHosts),
    layout,
  };
  const document = pruneTraffic(without, (t) => {
    switch (t.kind) {
      case 'request':
      case 'packet':
        return gone.has(t.from) || gone.has(t.to);
      case 'add-rule':
      case 'remove-rule':
        return gone.has(t.groupId);
      case 'add-nacl-rule':
      case 'remove-nacl-rule':
        return gone.has(t.networkAclId);
    }
  });
  return { ok: true, document };
}

/** `web-1` → `web-2`: a copy keeps the name's stem and takes the stem's next free number. */
function copyName(names: readonly string[], name: string): string {
  return freshName(names, name.replace(/-\d+$/, '') || name);
}

function copyInstance(doc: NetworkDocument, inst: Instance, ids: Set<string>): Instance | string {
  const used = usedAddresses(doc);
  const enis: Eni[] = [];
  for (const e of inst.enis) {
    const subnet = doc.subnets.find((s) => s.id === e.subnetId);
    const privateIp = subnet ? nextFreeAddress(subnet.cidr, used) : null;
    if (!subnet || !privateIp) return `Subnet ${subnet?.name ?? e.subnetId} has no free address left for a copy of ${inst.name}`;
    used.push(privateIp);
    // A public address belongs to one interface only; the copy gets a new IPv6 address if it can.
    const ipv6 = e.ipv6 !== undefined && subnet.ipv6Cidr !== undefined ? nextFreeAddress(subnet.ipv6Cidr, used) : null;
    if (ipv6) used.push(ipv6);
    const { publicIp: _public, ipv6: _v6, ...rest } = e;
    enis.push({ ...rest, id: freshId<EniId>(ids, 'eni'), privateIp, securityGroupIds: [...e.securityGroupIds], ...(ipv6 ? { ipv6 } : {}) });
  }
  return { ...inst, id: freshId<InstanceId>(ids, 'i'), name: copyName(doc.instances.map((i) => i.name), inst.name), enis };
}

function copyHost(doc: NetworkDocument, host: ExternalHost, ids: Set<string>): ExternalHost | string {
  // A copy of the office laptop stays in the office's /24; a host without IPv4 gets a test address.
  const octets = host.ipv4?.split('.');
  const block = octets?.length === 4 ? `${octets.slice(0, 3).join('.')}.0/24` : CLIENT_BLOCK;
  const ipv4 = nextHostAddress(block, usedAddresses(doc)) ?? nextHostAddress(CLIENT_BLOCK, usedAddresses(doc));
  if (!ipv4) return `No free address is left for a copy of ${host.name}`;
  const { ipv6: _v6, ...rest } = host;
  return { ...rest, id: freshId<ExternalHostId>(ids, 'client'), name: copyName(doc.externalHosts.map((h) => h.name), host.name), ipv4 };
}

/** Copies instances (same subnets and groups, next free addresses) and external hosts, shifted by `offset`. */
export function duplicateNodes(doc: NetworkDocument, ids: readonly string[], offset: Point): TopologyResult {
  const unknown = unknownIn(doc, ids);
  if (unknown) return fail(unknown);
  if (!finite(offset)) return fail(`An offset of (${offset.x}, ${offset.y}) is not a distance on the canvas`);
  let document = doc;
  const made: string[] = [];
  const taken = takenIds(doc);
  for (const id of new Set(ids)) {
    const n = findNode(doc, id);
    if (n?.kind !== 'instance' && n?.kind !== 'client') {
      return fail(`Only EC2 instances and clients can be duplicated; ${id} is ${n ? KIND_WORDS[n.kind] : 'unknown'}`);
    }
    const copy = n.kind === 'instance' ? copyInstance(document, n.node, taken) : copyHost(document, n.node, taken);
    if (typeof copy === 'string') return fail(copy);
    const entry = doc.layout[id];
    const layout = entry ? { ...document.layout, [copy.id]: { ...entry, x: entry.x + offset.x, y: entry.y + offset.y } } : document.layout;
    document =
      n.kind === 'instance'
        ? { ...document, instances: [...document.instances, copy as Instance], layout }
        : { ...document, externalHosts: [...document.externalHosts, copy as ExternalHost], layout };
    made.push(copy.id);
  }
  return { ok: true, document, created: made };
}

export function renameNode(doc: NetworkDocument, id: string, name: string): TopologyResult {
  const n = findNode(doc, id);
  if (!n) return fail(notANode(doc, id));
  const trimmed = name.trim();
  if (n.kind === 'igw') return fail(`An internet gateway has no name of its own; rename its VPC, ${vpcName(doc, n.node.vpcId)}, instead`);
  if (trimmed === '') return fail(`A name can't be empty; ${n.node.name} keeps its name`);
  const rename = <T extends { id: string; name: string }>(list: T[]): T[] => list.map((x) => (x.id === id ? { ...x, name: trimmed } : x));
  switch (n.kind) {
    case 'vpc':
      return { ok: true, document: { ...doc, vpcs: rename(doc.vpcs) } };
    case 'subnet':
      return { ok: true, document: { ...doc, subnets: rename(doc.subnets) } };
    case 'instance':
      return { ok: true, document: { ...doc, instances: rename(doc.instances) } };
    case 'client':
      return { ok: true, document: { ...doc, externalHosts: rename(doc.externalHosts) } };
  }
}
