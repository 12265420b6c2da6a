/**
 * The document: everything a person builds. It is plain data in the shape of scenario file v1
 * (see `schema.ts`), so that saving, loading, undo and share links all move the same object, with
 * one difference: a security group rule names its remote side `peer`, whatever its direction,
 * where the file (like AWS) writes `source` in inbound rules and `destination` in outbound ones
 * (`PEER_FIELD`; `toScenarioFile` in `scenarioFile.ts` writes a document back in file form).
 * Rules keep AWS's own vocabulary otherwise (protocol names, FromPort/ToPort, a remote side that
 * is a CIDR, `sg-…` or `pl-…`); `model.ts` turns them into numbers for the evaluator.
 */
import type {
  EniId,
  ExternalHostId,
  InstanceId,
  InternetGatewayId,
  NaclId,
  NodeId,
  PrefixListId,
  SecurityGroupId,
  SubnetId,
  VpcId,
} from './ids';
import type { Settings } from './settings';

export const DOCUMENT_VERSION = 1;

/** `tcp`, `udp`, `icmp`, `icmpv6`, `-1` (all) or a protocol number as a string, as AWS writes them. */
export type ProtocolText = string;

export interface SgRule {
  protocol: ProtocolText;
  /** TCP/UDP: first port of the range; absent means all ports. */
  fromPort?: number | undefined;
  /** TCP/UDP: last port of the range, inclusive. */
  toPort?: number | undefined;
  /** ICMP/ICMPv6 type, -1 or absent for all types (AWS keeps it in FromPort). */
  icmpType?: number | undefined;
  /** ICMP/ICMPv6 code, -1 or absent for all codes (AWS keeps it in ToPort). */
  icmpCode?: number | undefined;
  /**
   * Inbound rules: the source. Outbound rules: the destination. An IPv4 CIDR, an IPv6 CIDR,
   * a security group id (`sg-…`) or a managed prefix list id (`pl-…`).
   */
  peer: string;
  description?: string | undefined;
}

/** What the scenario file, like AWS, calls an `SgRule`'s `peer` in each direction. */
export const PEER_FIELD = { inbound: 'source', outbound: 'destination' } as const;

export interface SecurityGroup {
  id: SecurityGroupId;
  name: string;
  vpcId: VpcId;
  description?: string | undefined;
  /** The VPC's default group: it can't be deleted and instances without a group get it. */
  isDefault?: boolean | undefined;
  inbound: SgRule[];
  outbound: SgRule[];
}

export type NaclAction = 'allow' | 'deny';

export interface NaclRule {
  /** 1..32766; the `*` rules are implicit and never stored. */
  ruleNumber: number;
  protocol: ProtocolText;
  action: NaclAction;
  /** The remote side: the source for inbound rules, the destination for outbound rules. */
  cidr: string;
  fromPort?: number | undefined;
  toPort?: number | undefined;
  icmpType?: number | undefined;
  icmpCode?: number | undefined;
}

export interface NetworkAcl {
  id: NaclId;
  name: string;
  vpcId: VpcId;
  isDefault?: boolean | undefined;
  inbound: NaclRule[];
  outbound: NaclRule[];
}

export interface PrefixList {
  id: PrefixListId;
  name: string;
  family: 4 | 6;
  /** What a rule referencing the list counts against the rules quota. */
  maxEntries: number;
  entries: { cidr: string; description?: string | undefined }[];
}

export interface Vpc {
  id: VpcId;
  name: string;
  cidr: string;
  ipv6Cidr?: string | undefined;
}

export interface InternetGateway {
  id: InternetGatewayId;
  vpcId: VpcId;
}

export interface Subnet {
  id: SubnetId;
  name: string;
  vpcId: VpcId;
  cidr: string;
  ipv6Cidr?: string | undefined;
  networkAclId: NaclId;
}

/** Per-ENI idle timeouts in seconds, as `ConnectionTrackingSpecification` names them. */
export interface ConnectionTrackingSpec {
  tcpEstablishedTimeout?: number | undefined;
  udpTimeout?: number | undefined;
  udpStreamTimeout?: number | undefined;
}

export interface Eni {
  id: EniId;
  subnetId: SubnetId;
  privateIp: string;
  /** Public IPv4 reached through the internet gateway's 1:1 NAT. */
  publicIp?: string | undefined;
  ipv6?: string | undefined;
  securityGroupIds: SecurityGroupId[];
  connectionTracking?: ConnectionTrackingSpec | undefined;
}

/** A port a host answers on; a host with no list answers on every port. */
export interface Listener {
  protocol: ProtocolText;
  port: number;
}

export interface Instance {
  id: InstanceId;
  name: string;
  /** Nitro v6 types default to 350 s for established TCP instead of 432000 s. */
  nitroV6?: boolean | undefined;
  /** Tracked connections this instance can hold; beyond it new flows are dropped. */
  conntrackAllowance?: number | undefined;
  listens?: Listener[] | undefined;
  enis: Eni[];
}

export type ExternalHostKind = 'client' | 'server';

/** An address outside every VPC of the document: a laptop on the internet, a public API. */
export interface ExternalHost {
  id: ExternalHostId;
  name: string;
  kind: ExternalHostKind;
  ipv4?: string | undefined;
  ipv6?: string | undefined;
  /**
   * Traffic through NAT gateways, NLBs and similar services is always tracked by AWS, even where
   * the groups would leave it untracked. Set it on a host that stands for such a service.
   */
  automaticallyTracked?: boolean | undefined;
  listens?: Listener[] | undefined;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * Where a node sits on the canvas. For an instance, an external host or an internet gateway, the
 * point is its centre. For a VPC or a subnet it is the top-left corner, and `w`/`h` its size; a
 * container also grows to hold what is inside it, so files may leave the size out.
 */
export interface LayoutEntry extends Point {
  w?: number | undefined;
  h?: number | undefined;
}

export type Layout = Record<string, LayoutEntry>;

/** Named services a request can use instead of protocol and port. */
export type ServiceName = 'http' | 'https' | 'ssh' | 'rdp' | 'dns' | 'ping' | 'postgresql' | 'mysql';

/** How the sender addresses the receiver when both could be reached more than one way. */
export type AddressChoice = 'private' | 'public' | 'ipv6';

export interface RequestTraffic {
  kind: 'request';
  /** Seconds from the start of the run. */
  at: number;
  id?: string | undefined;
  from: NodeId;
  to: NodeId;
  service?: ServiceName | undefined;
  protocol?: ProtocolText | undefined;
  port?: number | undefined;
  /** Source port; by default the sender's next ephemeral port. */
  sourcePort?: number | undefined;
  address?: AddressChoice | undefined;
}

export type TcpFlags = 'S' | 'SA' | 'A' | 'D' | 'F' | 'R';

/** One packet with every field given: for unsolicited traffic and hand-made exchanges. */
export interface PacketTraffic {
  kind: 'packet';
  at: number;
  id?: string | undefined;
  from: NodeId;
  to: NodeId;
  protocol: ProtocolText;
  sourcePort?: number | undefined;
  destinationPort?: number | undefined;
  icmpType?: number | undefined;
  icmpCode?: number | undefined;
  icmpId?: number | undefined;
  flags?: TcpFlags | undefined;
  address?: AddressChoice | undefined;
}

export interface RuleChange {
  kind: 'add-rule' | 'remove-rule';
  at: number;
  id?: string | undefined;
  groupId: SecurityGroupId;
  direction: 'inbound' | 'outbound';
  /** add-rule: the rule to add; remove-rule: absent (see index). */
  rule?: SgRule | undefined;
  /** remove-rule: position of the rule in the group's list. */
  index?: number | undefined;
}

export interface NaclChange {
  kind: 'add-nacl-rule' | 'remove-nacl-rule';
  at: number;
  id?: string | undefined;
  networkAclId: NaclId;
  direction: 'inbound' | 'outbound';
  rule?: NaclRule | undefined;
  ruleNumber?: number | undefined;
}

export type TrafficItem = RequestTraffic | PacketTraffic | RuleChange | NaclChange;

export type HopName = 'sg-egress' | 'nacl-out' | 'igw' | 'nacl-in' | 'sg-ingress';

export interface Expectation {
  /** The `id` of a traffic item. */
  traffic: string;
  packet?: 'request' | 'response' | undefined;
  verdict: 'allowed' | 'dropped';
  /** For a drop: the hop that dropped it. */
  hop?: HopName | undefined;
  note?: string | undefined;
}

export interface NetworkDocument {
  version: typeof DOCUMENT_VERSION;
  name: string;
  description?: string | undefined;
  settings?: Partial<Settings> | undefined;
  vpcs: Vpc[];
  internetGateways: InternetGateway[];
  subnets: Subnet[];
  networkAcls: NetworkAcl[];
  securityGroups: SecurityGroup[];
  prefixLists: PrefixList[];
  instances: Instance[];
  externalHosts: ExternalHost[];
  layout: Layout;
  traffic: TrafficItem[];
  expectations: Expectation[];
}
