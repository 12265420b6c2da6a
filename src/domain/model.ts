/**
 * The compiled model: a validated document turned into lookup tables and numbers. It is rebuilt
 * whenever the document changes (rule 16: a rule change applies at once to every ENI using the
 * group); connection-tracking state lives outside it and survives the rebuild.
 */
import { parseCidr, parseIp, type Cidr, type IpAddress } from './addr';
import type { EniTimeouts } from './conntrack';
import type { ExternalHost, Instance, Listener, NetworkDocument, SecurityGroup, Subnet, Vpc } from './document';
import type { EniId, InternetGatewayId, NaclId, NodeId, SecurityGroupId, SubnetId, VpcId } from './ids';
import { compileNacl, type CompiledNacl } from './nacl';
import type { Direction } from './packet';
import { protocolNumber } from './protocol';
import { resolveSettings, type Settings } from './settings';
import { BitIndex } from './bitIndex';
import { SgRuleSet } from './sgIndex';
import { compileSgRule, type CompiledSgRule, type PeerKind } from './sgRule';

export interface EniInfo {
  id: EniId;
  instance: Instance;
  subnetId: SubnetId;
  vpcId: VpcId;
  privateIp: IpAddress;
  publicIp: IpAddress | null;
  ipv6: IpAddress | null;
  groupIds: SecurityGroupId[];
  timeouts: EniTimeouts;
}

export interface SubnetInfo {
  subnet: Subnet;
  cidr: Cidr;
  ipv6Cidr: Cidr | null;
}

export type NodeInfo =
  | { kind: 'instance'; id: NodeId; name: string; instance: Instance; enis: EniInfo[]; listens: Listener[] | undefined }
  | { kind: 'external'; id: NodeId; name: string; host: ExternalHost; ipv4: IpAddress | null; ipv6: IpAddress | null; listens: Listener[] | undefined };

export interface Model {
  doc: NetworkDocument;
  settings: Settings;
  vpcs: Map<VpcId, { vpc: Vpc; cidr: Cidr; ipv6Cidr: Cidr | null; igw: InternetGatewayId | null }>;
  subnets: Map<SubnetId, SubnetInfo>;
  nacls: Map<NaclId, CompiledNacl>;
  groups: Map<SecurityGroupId, SecurityGroup>;
  enis: Map<EniId, EniInfo>;
  nodes: Map<NodeId, NodeInfo>;
  /** ENIs by any address they own inside their VPC (private IPv4 and IPv6). */
  eniByAddress: Map<string | number, EniInfo>;
  /** ENIs by public IPv4 (the internet gateway's NAT table). */
  eniByPublicIp: Map<number, EniInfo>;
  /** External hosts by any address they own (the first host listed wins a shared address). */
  externalByAddress: Map<string | number, NodeInfo & { kind: 'external' }>;
  ruleSet(eni: EniId, direction: Direction): SgRuleSet;
}

export function addressKey(a: IpAddress): string | number {
  return a.family === 4 ? a.v4 : `6:${a.v6}`;
}

function must<T>(r: { ok: true; value: T } | { ok: false; error: string }, where: string): T {
  if (!r.ok) throw new Error(`${where}: ${r.error} (validate the document before compiling it)`);
  return r.value;
}

function optionalIp(text: string | undefined, where: string): IpAddress | null {
  return text === undefined ? null : must(parseIp(text), where);
}

export function compileModel(doc: NetworkDocument): Model {
  const settings = resolveSettings(doc.settings);
  const vpcs: Model['vpcs'] = new Map();
  for (const v of doc.vpcs) {
    vpcs.set(v.id, {
      vpc: v,
      cidr: must(parseCidr(v.cidr, 4), `vpc ${v.id}`),
      ipv6Cidr: v.ipv6Cidr ? must(parseCidr(v.ipv6Cidr, 6), `vpc ${v.id}`) : null,
      igw: null,
    });
  }
  for (const g of doc.internetGateways) {
    const v = vpcs.get(g.vpcId);
    if (v) v.igw = g.id;
  }
  const subnets: Model['subnets'] = new Map();
  for (const s of doc.subnets) {
    subnets.set(s.id, {
      subnet: s,
      cidr: must(parseCidr(s.cidr, 4), `subnet ${s.id}`),
      ipv6Cidr: s.ipv6Cidr ? must(parseCidr(s.ipv6Cidr, 6), `subnet ${s.id}`) : null,
    });
  }
  const nacls: Model['nacls'] = new Map(doc.networkAcls.map((a) => [a.id, compileNacl(a)]));
  const groups: Model['groups'] = new Map(doc.securityGroups.map((g) => [g.id, g]));

  const enis: Model['enis'] = new Map();
  const nodes: Model['nodes'] = new Map();
  const eniByAddress: Model['eniByAddress'] = new Map();
  const eniByPublicIp: Model['eniByPublicIp'] = new Map();
  for (const inst of doc.instances) {
    const infos: EniInfo[] = [];
    for (const e of inst.enis) {
      const subnet = subnets.get(e.subnetId);
      if (!subnet) throw new Error(`ENI ${e.id}: unknown subnet ${e.subnetId}`);
      const ct = e.connectionTracking;
      const info: EniInfo = {
        id: e.id,
        instance: inst,
        subnetId: e.subnetId,
        vpcId: subnet.subnet.vpcId,
        privateIp: must(parseIp(e.privateIp), `ENI ${e.id}`),
        publicIp: optionalIp(e.publicIp, `ENI ${e.id}`),
        ipv6: optionalIp(e.ipv6, `ENI ${e.id}`),
        groupIds: e.securityGroupIds,
        timeouts: {
          tcpEstablished: ct?.tcpEstablishedTimeout ?? (inst.nitroV6 ? settings.tcpEstablishedTimeoutNitroV6 : settings.tcpEstablishedTimeout),
          udp: ct?.udpTimeout ?? settings.udpTimeout,
          udpStream: ct?.udpStreamTimeout ?? settings.udpStreamTimeout,
        },
      };
      infos.push(info);
      enis.set(e.id, info);
      eniByAddress.set(addressKey(info.privateIp), info);
      if (info.ipv6) eniByAddress.set(addressKey(info.ipv6), info);
      if (info.publicIp) eniByPublicIp.set(info.publicIp.v4, info);
    }
    nodes.set(inst.id, { kind: 'instance', id: inst.id, name: inst.name, instance: inst, enis: infos, listens: inst.listens });
  }
  const externalByAddress: Model['externalByAddress'] = new Map();
  for (const h of doc.externalHosts) {
    const node: NodeInfo & { kind: 'external' } = {
      kind: 'external',
      id: h.id,
      name: h.name,
      host: h,
      ipv4: optionalIp(h.ipv4, `host ${h.id}`),
      ipv6: optionalIp(h.ipv6, `host ${h.id}`),
      listens: h.listens,
    };
    nodes.set(h.id, node);
  }
  // In node order, the first host wins a shared address (as a scan of the nodes would find it).
  for (const n of nodes.values()) {
    if (n.kind !== 'external') continue;
    for (const a of [n.ipv4, n.ipv6]) {
      if (a && !externalByAddress.has(addressKey(a))) externalByAddress.set(addressKey(a), n);
    }
  }

  // A group reference matches the private addresses of the ENIs in that group (rule 11).
  const members = new Map<SecurityGroupId, Cidr[]>();
  for (const info of enis.values()) {
    for (const g of info.groupIds) {
      const list = members.get(g) ?? [];
      list.push(hostCidr(info.privateIp));
      if (info.ipv6) list.push(hostCidr(info.ipv6));
      members.set(g, list);
    }
  }
  const prefixLists = new Map(doc.prefixLists.map((p) => [p.id as string, p.entries.map((e) => must(parseCidr(e.cidr, p.family), `prefix list ${p.id}`))]));

  const resolvePeer = (peer: string): { kind: PeerKind; ranges: Cidr[] } => {
    if (peer.startsWith('sg-')) return { kind: 'security-group', ranges: members.get(peer as SecurityGroupId) ?? [] };
    if (peer.startsWith('pl-')) return { kind: 'prefix-list', ranges: prefixLists.get(peer) ?? [] };
    return { kind: 'cidr', ranges: [must(parseCidr(peer), `rule peer`)] };
  };

  const compiledGroups = new Map<SecurityGroupId, { inbound: Omit<CompiledSgRule, 'order'>[]; outbound: Omit<CompiledSgRule, 'order'>[] }>();
  for (const g of doc.securityGroups) {
    const compileDir = (direction: Direction) =>
      (direction === 'inbound' ? g.inbound : g.outbound).map((rule, index) => {
        const protocol = protocolNumber(rule.protocol);
        if (protocol === null) throw new Error(`group ${g.id}: bad protocol ${rule.protocol}`);
        const peer = resolvePeer(rule.peer);
        return compileSgRule(rule, protocol, { groupId: g.id, groupName: g.name, direction, index, order: 0 }, peer.kind, peer.ranges);
      });
    compiledGroups.set(g.id, { inbound: compileDir('inbound'), outbound: compileDir('outbound') });
  }

  // One index of every group's rules per direction, shared by all ENIs (see bitIndex.ts); each
  // ENI's rule set is built on first use, so a document with many ENIs pays only for the ones
  // traffic touches.
  const ordinals = new Map<SecurityGroupId, number>(doc.securityGroups.map((g, i) => [g.id, i]));
  const indexes = new Map<Direction, BitIndex | null>();
  const indexFor = (direction: Direction): BitIndex | null => {
    if (!indexes.has(direction)) indexes.set(direction, BitIndex.build(doc.securityGroups.map((g) => compiledGroups.get(g.id)?.[direction] ?? [])));
    return indexes.get(direction) ?? null;
  };
  const ruleSets = { inbound: new Map<EniId, SgRuleSet>(), outbound: new Map<EniId, SgRuleSet>() };
  const ruleSet = (eniId: EniId, direction: Direction): SgRuleSet => {
    const sets = ruleSets[direction];
    let set = sets.get(eniId);
    if (!set) {
      const info = enis.get(eniId);
      const rules: CompiledSgRule[] = [];
      const groups: number[] = [];
      const starts: number[] = [];
      for (const gid of info?.groupIds ?? []) {
        const compiled = compiledGroups.get(gid)?.[direction];
        const ordinal = ordinals.get(gid);
        if (!compiled || ordinal === undefined) continue;
        groups.push(ordinal);
        starts.push(rules.length);
        for (const r of compiled) rules.push({ ...r, order: rules.length });
      }
      set = new SgRuleSet(rules, indexFor(direction), Int32Array.from(groups), Int32Array.from(starts));
      sets.set(eniId, set);
    }
    return set;
  };

  return { doc, settings, vpcs, subnets, nacls, groups, enis, nodes, eniByAddress, eniByPublicIp, externalByAddress, ruleSet };
}

function hostCidr(a: IpAddress): Cidr {
  return a.family === 4
    ? { family: 4, prefix: 32, lo4: a.v4, hi4: a.v4, lo6: 0n, hi6: 0n, text: `${a.text}/32` }
    : { family: 6, prefix: 128, lo4: 0, hi4: 0, lo6: a.v6, hi6: a.v6, text: `${a.text}/128` };
}
