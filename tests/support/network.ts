/**
 * Test documents and a tiny harness for the semantics suite.
 *
 * `buildDocument` gives the common setup of section 5 of the reference semantics:
 *   VPC 10.0.0.0/16 with an internet gateway, subnet A 10.0.1.0/24 and subnet B 10.0.2.0/24, each
 *   with its own default NACL (allow all), `web` 10.0.1.10 (public 192.0.2.10), `app` 10.0.1.11,
 *   `db` 10.0.2.20 (public 192.0.2.20), internet clients 203.0.113.x, external servers 198.51.100.x.
 * With `ipv6: true` the VPC, the subnets and the instances also get IPv6 addresses and the default
 * NACLs get their rule 101 for ::/0.
 *
 * `Net` holds a document, its compiled model and ONE ConntrackTable that outlives recompilation
 * (a rule change rebuilds the model, never the tracking state). `send` runs one packet along its
 * route at a time given in seconds.
 */
import { parseIp, type IpAddress } from '../../src/domain/addr';
import { ConntrackTable } from '../../src/domain/conntrack';
import {
  DOCUMENT_VERSION,
  type AddressChoice,
  type ConnectionTrackingSpec,
  type ExternalHost,
  type HopName,
  type NaclRule,
  type NetworkAcl,
  type NetworkDocument,
  type PrefixList,
  type SecurityGroup,
  type SgRule,
  type TcpFlags,
} from '../../src/domain/document';
import { evaluateRoute, type HopResult, type Verdict } from '../../src/domain/evaluate';
import type { EniId, ExternalHostId, InstanceId, InternetGatewayId, NaclId, NodeId, PrefixListId, SecurityGroupId, SubnetId, VpcId } from '../../src/domain/ids';
import { compileModel, type Model, type NodeInfo } from '../../src/domain/model';
import type { Packet } from '../../src/domain/packet';
import { protocolNumber } from '../../src/domain/protocol';
import { chooseDestination, planRoute, sourceAddress, type Route } from '../../src/domain/route';
import type { Settings } from '../../src/domain/settings';
import { makePacket, type PacketFields } from '../../src/domain/traffic';

/** Casts a plain string to one of the branded id types. */
export function id<T extends string>(s: string): T {
  return s as T;
}

export const VPC = id<VpcId>('vpc-1');
export const IGW = id<InternetGatewayId>('igw-1');
export const SUBNET_A = id<SubnetId>('subnet-a');
export const SUBNET_B = id<SubnetId>('subnet-b');
export const NACL_A = id<NaclId>('acl-a');
export const NACL_B = id<NaclId>('acl-b');

export type InstanceName = 'web' | 'app' | 'db';
export const INSTANCES: readonly InstanceName[] = ['web', 'app', 'db'];

export const ADDR = {
  web: { privateIp: '10.0.1.10', publicIp: '192.0.2.10', ipv6: '2001:db8:1:1::10', subnet: SUBNET_A },
  app: { privateIp: '10.0.1.11', publicIp: undefined, ipv6: '2001:db8:1:1::11', subnet: SUBNET_A },
  db: { privateIp: '10.0.2.20', publicIp: '192.0.2.20', ipv6: '2001:db8:1:2::20', subnet: SUBNET_B },
} as const;

export const eniOf = (name: InstanceName): EniId => id<EniId>(`eni-${name}`);

// ---------------------------------------------------------------- rules

type Ports = number | readonly [number, number] | undefined;

function ports(p: Ports): { fromPort?: number; toPort?: number } {
  if (p === undefined) return {};
  if (typeof p === 'number') return { fromPort: p, toPort: p };
  return { fromPort: p[0], toPort: p[1] };
}

/** Security group rule builders: `sg.tcp(80, '0.0.0.0/0')`, `sg.icmp(8, -1, '0.0.0.0/0')`, `sg.all('sg-web')`. */
export const sg = {
  tcp: (p: Ports, peer: string): SgRule => ({ protocol: 'tcp', ...ports(p), peer }),
  udp: (p: Ports, peer: string): SgRule => ({ protocol: 'udp', ...ports(p), peer }),
  icmp: (type: number | undefined, code: number | undefined, peer: string): SgRule => ({ protocol: 'icmp', icmpType: type, icmpCode: code, peer }),
  icmpv6: (type: number | undefined, code: number | undefined, peer: string): SgRule => ({ protocol: 'icmpv6', icmpType: type, icmpCode: code, peer }),
  all: (peer: string): SgRule => ({ protocol: '-1', peer }),
  /** Any protocol text as AWS writes it, with an optional port range (ignored by AWS for -1 and "other" numbers). */
  proto: (protocol: string | number, peer: string, p?: Ports): SgRule => ({ protocol: String(protocol), ...ports(p), peer }),
};

type NaclOpts = { ports?: Ports; icmp?: readonly [number, number] };

function naclRule(ruleNumber: number, action: 'allow' | 'deny', protocol: string | number, cidr: string, opts?: NaclOpts): NaclRule {
  return {
    ruleNumber,
    action,
    protocol: String(protocol),
    cidr,
    ...ports(opts?.ports),
    ...(opts?.icmp ? { icmpType: opts.icmp[0], icmpCode: opts.icmp[1] } : {}),
  };
}

/** NACL entry builders; the protocol is a number string as in NACL JSON (`'6'`, `'-1'`). */
export const nacl = {
  allow: (n: number, protocol: string | number, cidr: string, opts?: NaclOpts): NaclRule => naclRule(n, 'allow', protocol, cidr, opts),
  deny: (n: number, protocol: string | number, cidr: string, opts?: NaclOpts): NaclRule => naclRule(n, 'deny', protocol, cidr, opts),
};

export interface GroupSpec {
  id: string;
  name?: string;
  isDefault?: boolean;
  inbound?: SgRule[];
  outbound?: SgRule[];
}

export function group(spec: GroupSpec): SecurityGroup {
  return {
    id: id<SecurityGroupId>(spec.id),
    name: spec.name ?? spec.id,
    vpcId: VPC,
    isDefault: spec.isDefault,
    inbound: spec.inbound ?? [],
    outbound: spec.outbound ?? [],
  };
}

/** The default NACL's entries (rule 32): 100 allow all IPv4 each way, 101 for IPv6 in an IPv6 VPC. */
export function allowAllNacl(aclId: NaclId, ipv6: boolean): NetworkAcl {
  const rules = [nacl.allow(100, -1, '0.0.0.0/0'), ...(ipv6 ? [nacl.allow(101, -1, '::/0')] : [])];
  return { id: aclId, name: aclId, vpcId: VPC, isDefault: true, inbound: [...rules], outbound: [...rules] };
}

// ---------------------------------------------------------------- documents

export interface InstanceSpec {
  groups?: string[];
  nitroV6?: boolean;
  conntrackAllowance?: number;
  connectionTracking?: ConnectionTrackingSpec;
}

export interface HostSpec {
  id: string;
  ipv4?: string;
  ipv6?: string;
  kind?: 'client' | 'server';
  automaticallyTracked?: boolean;
}

export interface NetSpec {
  ipv6?: boolean;
  groups?: GroupSpec[];
  /** Ready-made groups, e.g. from `newSecurityGroup` or `defaultSecurityGroup` of src/domain/defaults.ts. */
  securityGroups?: SecurityGroup[];
  web?: InstanceSpec;
  app?: InstanceSpec;
  db?: InstanceSpec;
  /** Custom entries for subnet A's / B's NACL (otherwise allow all). */
  naclA?: { inbound: NaclRule[]; outbound: NaclRule[] };
  naclB?: { inbound: NaclRule[]; outbound: NaclRule[] };
  prefixLists?: { id: string; family?: 4 | 6; cidrs: string[]; maxEntries?: number }[];
  hosts?: HostSpec[];
  settings?: Partial<Settings>;
  /** Leave out the internet gateway. */
  noIgw?: boolean;
}

export function buildDocument(spec: NetSpec = {}): NetworkDocument {
  const v6 = spec.ipv6 === true;
  const customAcl = (aclId: NaclId, c: { inbound: NaclRule[]; outbound: NaclRule[] }): NetworkAcl => ({
    id: aclId, name: aclId, vpcId: VPC, isDefault: false, inbound: c.inbound, outbound: c.outbound,
  });
  const instances = INSTANCES.map((name) => {
    const s = spec[name] ?? {};
    const a = ADDR[name];
    return {
      id: id<InstanceId>(name),
      name,
      nitroV6: s.nitroV6,
      conntrackAllowance: s.conntrackAllowance,
      enis: [
        {
          id: eniOf(name),
          subnetId: a.subnet,
          privateIp: a.privateIp,
          publicIp: a.publicIp,
          ipv6: v6 ? a.ipv6 : undefined,
          securityGroupIds: (s.groups ?? []).map((g) => id<SecurityGroupId>(g)),
          connectionTracking: s.connectionTracking,
        },
      ],
    };
  });
  const hosts: ExternalHost[] = [
    { id: id<ExternalHostId>('client'), name: 'client', kind: 'client', ipv4: '203.0.113.5', ipv6: v6 ? '2001:db8:ff::5' : undefined },
    { id: id<ExternalHostId>('server'), name: 'server', kind: 'server', ipv4: '198.51.100.20', ipv6: v6 ? '2001:db8:fe::20' : undefined },
    ...(spec.hosts ?? []).map((h): ExternalHost => ({
      id: id<ExternalHostId>(h.id), name: h.id, kind: h.kind ?? 'client', ipv4: h.ipv4, ipv6: h.ipv6, automaticallyTracked: h.automaticallyTracked,
    })),
  ];
  const prefixLists: PrefixList[] = (spec.prefixLists ?? []).map((p) => ({
    id: id<PrefixListId>(p.id),
    name: p.id,
    family: p.family ?? 4,
    maxEntries: p.maxEntries ?? p.cidrs.length,
    entries: p.cidrs.map((cidr) => ({ cidr })),
  }));
  return {
    version: DOCUMENT_VERSION,
    name: 'test network',
    settings: spec.settings,
    vpcs: [{ id: VPC, name: 'vpc', cidr: '10.0.0.0/16', ipv6Cidr: v6 ? '2001:db8:1::/56' : undefined }],
    internetGateways: spec.noIgw ? [] : [{ id: IGW, vpcId: VPC }],
    subnets: [
      { id: SUBNET_A, name: 'A', vpcId: VPC, cidr: '10.0.1.0/24', ipv6Cidr: v6 ? '2001:db8:1:1::/64' : undefined, networkAclId: NACL_A },
      { id: SUBNET_B, name: 'B', vpcId: VPC, cidr: '10.0.2.0/24', ipv6Cidr: v6 ? '2001:db8:1:2::/64' : undefined, networkAclId: NACL_B },
    ],
    networkAcls: [
      spec.naclA ? customAcl(NACL_A, spec.naclA) : allowAllNacl(NACL_A, v6),
      spec.naclB ? customAcl(NACL_B, spec.naclB) : allowAllNacl(NACL_B, v6),
    ],
    securityGroups: [...(spec.groups ?? []).map(group), ...(spec.securityGroups ?? [])],
    prefixLists,
    instances,
    externalHosts: hosts,
    layout: {},
    traffic: [],
    expectations: [],
  };
}

// ---------------------------------------------------------------- harness

export type Proto = 'tcp' | 'udp' | 'icmp' | 'icmpv6' | number;

export interface SendOptions {
  /** A node id (`web`, `client`, …) or an address; an unknown external address becomes a host. */
  from: string;
  /** A node id, addressed as `chooseDestination` would (public IPv4 from outside the VPC). */
  to?: string;
  /** An explicit destination address (overrides `to`). */
  toAddress?: string;
  address?: AddressChoice;
  proto: Proto;
  sport?: number;
  dport?: number;
  flags?: TcpFlags;
  icmpType?: number;
  icmpCode?: number;
  icmpId?: number;
  /** Seconds. */
  at: number;
}

export interface SendResult {
  verdict: Verdict;
  /** The hop that dropped the packet, or null when it was delivered. */
  droppedAt: HopName | null;
  /** The hops the packet met, in order (all of them, even past a drop). */
  path: HopName[];
  results: HopResult[];
  /** The packet as it left the last hop evaluated (after NAT). */
  packet: Packet;
  route: Route;
}

function protoNumber(p: Proto): number {
  if (typeof p === 'number') return p;
  const n = protocolNumber(p);
  if (n === null) throw new Error(`bad protocol ${p}`);
  return n;
}

function mustIp(text: string): IpAddress {
  const r = parseIp(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export class Net {
  doc: NetworkDocument;
  model: Model;
  readonly ct = new ConntrackTable();

  constructor(doc: NetworkDocument) {
    this.doc = doc;
    this.model = compileModel(doc);
  }

  /** Edits a copy of the document and recompiles; the conntrack table is kept (rules 16, 21, 22, 37). */
  change(edit: (doc: NetworkDocument) => void): void {
    const copy = structuredClone(this.doc);
    edit(copy);
    this.doc = copy;
    this.model = compileModel(copy);
  }

  groupOf(groupId: string): SecurityGroup {
    const g = this.doc.securityGroups.find((x) => x.id === groupId);
    if (!g) throw new Error(`no group ${groupId}`);
    return g;
  }

  node(nodeId: string): NodeInfo {
    const n = this.model.nodes.get(id<NodeId>(nodeId));
    if (!n) throw new Error(`no node ${nodeId}`);
    return n;
  }

  /** The node owning an address, creating an external host for an unknown one. */
  private nodeFor(ref: string): NodeInfo {
    const direct = this.model.nodes.get(id<NodeId>(ref));
    if (direct) return direct;
    const ip = mustIp(ref);
    for (const n of this.model.nodes.values()) {
      const addrs = n.kind === 'external' ? [n.ipv4, n.ipv6] : n.enis.flatMap((e) => [e.privateIp, e.publicIp, e.ipv6]);
      if (addrs.some((a) => a !== null && a.family === ip.family && a.v4 === ip.v4 && a.v6 === ip.v6)) return n;
    }
    const hostId = `host-${ref}`;
    this.change((d) => {
      d.externalHosts.push({ id: id<ExternalHostId>(hostId), name: hostId, kind: 'client', ...(ip.family === 4 ? { ipv4: ref } : { ipv6: ref }) });
    });
    return this.node(hostId);
  }

  /** Makes sure an external host exists at this address (so that instances can send to it). */
  host(address: string): NodeInfo {
    return this.nodeFor(address);
  }

  send(o: SendOptions): SendResult {
    const sender = this.nodeFor(o.from);
    let dst: IpAddress;
    if (o.toAddress !== undefined) {
      dst = mustIp(o.toAddress);
      // An address outside the VPC that no node owns becomes an external host, so that the route can
      // be planned; VPC-internal and link-local addresses are left alone.
      const internal = /^(10\.0\.|169\.254\.|fd00:ec2:|2001:db8:1:)/.test(dst.text);
      if (!internal) this.nodeFor(dst.text);
    } else if (o.to !== undefined) {
      const receiver = this.nodeFor(o.to);
      const c = chooseDestination(this.model, sender.id, receiver.id, o.address);
      if (!c.ok) throw new Error(c.error);
      dst = c.address;
    } else throw new Error('send needs `to` or `toAddress`');
    const src = sourceAddress(this.model, this.node(sender.id), dst);
    if (!src) throw new Error(`${o.from} has no address of the family of ${dst.text}`);
    return this.sendPacket(sender.id, makePacket(src, dst, fieldsOf(o)), o.at);
  }

  /** Runs a ready-made packet (e.g. from `responseFor`) from a node at `at` seconds. */
  sendPacket(senderId: string, packet: Packet, at: number): SendResult {
    const sender = this.node(senderId);
    const planned = planRoute(this.model, sender, packet.src, packet.dst);
    if (!planned.ok) throw new Error(planned.error);
    const route = planned.route;
    const out = evaluateRoute(
      { model: this.model, ct: this.ct, now: Math.round(at * 1000), peerAutoTracked: route.autoTracked },
      route.hops,
      packet,
    );
    const last = out.results[out.results.length - 1];
    return {
      verdict: out.verdict,
      droppedAt: out.verdict === 'drop' && last ? last.hop : null,
      path: route.hops.map((h) => h.name),
      results: out.results,
      packet: out.packet,
      route,
    };
  }
}

export function network(spec: NetSpec = {}): Net {
  return new Net(buildDocument(spec));
}

/** Functional form of `net.send`. */
export function send(net: Net, o: SendOptions): SendResult {
  return net.send(o);
}

/** `allow` or `drop@hop`, for compact assertions. */
export function outcome(r: SendResult): string {
  return r.verdict === 'allow' ? 'allow' : `drop@${r.droppedAt ?? '?'}`;
}

/** The result of one checkpoint of a sent packet. */
export function hopOf(r: SendResult, name: HopName): HopResult | undefined {
  return r.results.find((h) => h.hop === name);
}

/** What a checkpoint did to connection tracking: `created`, `untracked`, `refreshed`, … */
export function trackingAt(r: SendResult, name: HopName): string[] {
  return hopOf(r, name)?.tracking.map((t) => t.kind) ?? [];
}

/** A packet between two address texts, for `net.sendPacket` (e.g. from an instance's second ENI). */
export function packet(
  src: string,
  dst: string,
  f: FieldOptions,
): Packet {
  return makePacket(mustIp(src), mustIp(dst), fieldsOf(f));
}

type FieldOptions = { proto: Proto; sport?: number; dport?: number; flags?: TcpFlags; icmpType?: number; icmpCode?: number; icmpId?: number };

function fieldsOf(f: FieldOptions): PacketFields {
  return {
    protocol: protoNumber(f.proto),
    srcPort: f.sport ?? 0,
    dstPort: f.dport ?? 0,
    icmpType: f.icmpType ?? 0,
    icmpCode: f.icmpCode ?? 0,
    icmpId: f.icmpId ?? 0,
    flags: f.flags ?? null,
  };
}

/** Gives an instance a second network interface (a multi-homed instance). */
export function addEni(doc: NetworkDocument, instance: InstanceName, eni: { id: string; subnetId: SubnetId; privateIp: string; publicIp?: string; groups: string[] }): void {
  const inst = doc.instances.find((i) => i.id === instance);
  if (!inst) throw new Error(`no instance ${instance}`);
  inst.enis.push({
    id: id<EniId>(eni.id),
    subnetId: eni.subnetId,
    privateIp: eni.privateIp,
    publicIp: eni.publicIp,
    securityGroupIds: eni.groups.map((g) => id<SecurityGroupId>(g)),
  });
}
