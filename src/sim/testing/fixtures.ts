/**
 * Small documents for the simulation's tests. One VPC 10.0.0.0/16 with an internet gateway,
 * subnet A 10.0.1.0/24 and subnet B 10.0.2.0/24 (each with its own allow-all NACL, like a default
 * one), and the hosts of the reference semantics' test vectors:
 *
 *   web    10.0.1.10, public 192.0.2.10, group sg-web   (subnet A)
 *   app    10.0.1.11, no public address, group sg-app   (subnet A)
 *   db     10.0.2.20, public 192.0.2.20, group sg-db    (subnet B)
 *   client 203.0.113.5   (an internet client)
 *   server 198.51.100.20 (an internet server)
 *
 * Each group's rules are given by the test; a group not given has no rules at all.
 */
import {
  DOCUMENT_VERSION,
  type Instance,
  type NaclRule,
  type NetworkAcl,
  type NetworkDocument,
  type SgRule,
  type TrafficItem,
} from '../../domain/document';
import type { EniId, ExternalHostId, InstanceId, InternetGatewayId, NaclId, SecurityGroupId, SubnetId, VpcId } from '../../domain/ids';
import type { Settings } from '../../domain/settings';

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

export const WEB = id<InstanceId>('i-web');
export const APP = id<InstanceId>('i-app');
export const DB = id<InstanceId>('i-db');
export const CLIENT = id<ExternalHostId>('h-client');
export const SERVER = id<ExternalHostId>('h-server');

export const SG_WEB = id<SecurityGroupId>('sg-web');
export const SG_APP = id<SecurityGroupId>('sg-app');
export const SG_DB = id<SecurityGroupId>('sg-db');

export const ENI_WEB = id<EniId>('eni-web');
export const ENI_APP = id<EniId>('eni-app');
export const ENI_DB = id<EniId>('eni-db');

export const IP = {
  web: '10.0.1.10',
  webPublic: '192.0.2.10',
  app: '10.0.1.11',
  db: '10.0.2.20',
  dbPublic: '192.0.2.20',
  client: '203.0.113.5',
  server: '198.51.100.20',
} as const;

type Ports = number | readonly [number, number] | undefined;

function ports(p: Ports): Pick<SgRule, 'fromPort' | 'toPort'> {
  if (p === undefined) return {};
  if (typeof p === 'number') return { fromPort: p, toPort: p };
  return { fromPort: p[0], toPort: p[1] };
}

/** Security group rules: `sg.tcp(80, '0.0.0.0/0')`, `sg.all('0.0.0.0/0')`. */
export const sg = {
  tcp: (p: Ports, peer: string): SgRule => ({ protocol: 'tcp', ...ports(p), peer }),
  udp: (p: Ports, peer: string): SgRule => ({ protocol: 'udp', ...ports(p), peer }),
  icmp: (peer: string): SgRule => ({ protocol: 'icmp', icmpType: -1, icmpCode: -1, peer }),
  all: (peer: string): SgRule => ({ protocol: '-1', peer }),
};

/** NACL rules: `nacl.allowAll(100)`, `nacl.deny(50, 'tcp', '203.0.113.0/24')`. */
export const nacl = {
  allowAll: (ruleNumber: number, cidr = '0.0.0.0/0'): NaclRule => ({ ruleNumber, protocol: '-1', action: 'allow', cidr }),
  deny: (ruleNumber: number, protocol: string, cidr: string, p?: Ports): NaclRule => ({ ruleNumber, protocol, action: 'deny', cidr, ...ports(p) }),
  allow: (ruleNumber: number, protocol: string, cidr: string, p?: Ports): NaclRule => ({ ruleNumber, protocol, action: 'allow', cidr, ...ports(p) }),
};

export interface GroupRules {
  inbound?: SgRule[];
  outbound?: SgRule[];
}

export interface DocumentOptions {
  web?: GroupRules;
  app?: GroupRules;
  db?: GroupRules;
  /** NACL rules of subnet A and B; by default rule 100 allows all traffic each way. */
  naclA?: { inbound: NaclRule[]; outbound: NaclRule[] };
  naclB?: { inbound: NaclRule[]; outbound: NaclRule[] };
  settings?: Partial<Settings>;
  traffic?: TrafficItem[];
}

const openNacl = (): { inbound: NaclRule[]; outbound: NaclRule[] } => ({ inbound: [nacl.allowAll(100)], outbound: [nacl.allowAll(100)] });

function acl(id: NaclId, name: string, rules: { inbound: NaclRule[]; outbound: NaclRule[] }): NetworkAcl {
  return { id, name, vpcId: VPC, inbound: rules.inbound, outbound: rules.outbound };
}

function instance(iid: InstanceId, name: string, eni: EniId, subnetId: SubnetId, privateIp: string, publicIp: string | undefined, group: SecurityGroupId): Instance {
  return { id: iid, name, enis: [{ id: eni, subnetId, privateIp, publicIp, securityGroupIds: [group] }] };
}

/**
 * The step times the tests reason in: 1 ms per check and per answer, 20 ms in transit, so a
 * request from the internet is checked at 20, 21 and 22 ms. The app's defaults are slower to
 * watch; the tests pin these so their arithmetic stays readable.
 */
export const TEST_TIMING: Partial<Settings> = { checkMs: 1, responseDelayMs: 1, transitMs: 20 };

/** The whole network with the groups' rules the test gives. */
export function buildDocument(o: DocumentOptions = {}): NetworkDocument {
  return {
    version: DOCUMENT_VERSION,
    name: 'sim fixture',
    settings: { ...TEST_TIMING, ...o.settings },
    vpcs: [{ id: VPC, name: 'main', cidr: '10.0.0.0/16' }],
    internetGateways: [{ id: IGW, vpcId: VPC }],
    subnets: [
      { id: SUBNET_A, name: 'A', vpcId: VPC, cidr: '10.0.1.0/24', networkAclId: NACL_A },
      { id: SUBNET_B, name: 'B', vpcId: VPC, cidr: '10.0.2.0/24', networkAclId: NACL_B },
    ],
    networkAcls: [acl(NACL_A, 'acl-a', o.naclA ?? openNacl()), acl(NACL_B, 'acl-b', o.naclB ?? openNacl())],
    securityGroups: [
      { id: SG_WEB, name: 'web-sg', vpcId: VPC, inbound: o.web?.inbound ?? [], outbound: o.web?.outbound ?? [] },
      { id: SG_APP, name: 'app-sg', vpcId: VPC, inbound: o.app?.inbound ?? [], outbound: o.app?.outbound ?? [] },
      { id: SG_DB, name: 'db-sg', vpcId: VPC, inbound: o.db?.inbound ?? [], outbound: o.db?.outbound ?? [] },
    ],
    prefixLists: [],
    instances: [
      instance(WEB, 'web', ENI_WEB, SUBNET_A, IP.web, IP.webPublic, SG_WEB),
      instance(APP, 'app', ENI_APP, SUBNET_A, IP.app, undefined, SG_APP),
      instance(DB, 'db', ENI_DB, SUBNET_B, IP.db, IP.dbPublic, SG_DB),
    ],
    externalHosts: [
      { id: CLIENT, name: 'client', kind: 'client', ipv4: IP.client },
      { id: SERVER, name: 'server', kind: 'server', ipv4: IP.server },
    ],
    layout: {},
    traffic: o.traffic ?? [],
    expectations: [],
  };
}

/**
 * The classic example of the reference semantics (vectors 1-4): web's group has one inbound rule,
 * TCP 80 from anywhere, and NO outbound rule.
 */
export function classicDocument(o: Omit<DocumentOptions, 'web'> = {}): NetworkDocument {
  return buildDocument({ ...o, web: { inbound: [sg.tcp(80, '0.0.0.0/0')], outbound: [] } });
}

/** The same web server with an untracked HTTP flow: inbound TCP 80 from 0.0.0.0/0 and outbound all traffic. */
export function untrackedDocument(o: Omit<DocumentOptions, 'web'> = {}): NetworkDocument {
  return buildDocument({ ...o, web: { inbound: [sg.tcp(80, '0.0.0.0/0')], outbound: [sg.all('0.0.0.0/0')] } });
}

