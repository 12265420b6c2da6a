/**
 * A three-tier VPC for the simulation benchmarks: 20 instances (6 web with public addresses,
 * 8 app, 6 db) in three subnets, internet clients and external servers, groups chained by
 * reference (web <- internet, app <- web, db <- app), default allow-all NACLs. Every request that
 * `mixedRequest` and `shortLivedRequest` make is allowed both ways: a full request/response lifecycle.
 */
import { DOCUMENT_VERSION, type ExternalHost, type Instance, type NetworkDocument, type RequestTraffic, type SecurityGroup, type SgRule } from '../src/domain/document';
import type { EniId, ExternalHostId, InstanceId, InternetGatewayId, NaclId, NodeId, SecurityGroupId, SubnetId, VpcId } from '../src/domain/ids';
import type { Settings } from '../src/domain/settings';

function cast<T extends string>(s: string): T {
  return s as T;
}

const VPC = cast<VpcId>('vpc-sim');
const ACL = cast<NaclId>('acl-sim');

const egressAll: SgRule[] = [{ protocol: '-1', peer: '0.0.0.0/0' }];

const GROUPS: SecurityGroup[] = [
  {
    id: cast<SecurityGroupId>('sg-web'), name: 'web', vpcId: VPC,
    inbound: [
      { protocol: 'tcp', fromPort: 80, toPort: 80, peer: '0.0.0.0/0' },
      { protocol: 'tcp', fromPort: 443, toPort: 443, peer: '0.0.0.0/0' },
      { protocol: 'icmp', icmpType: 8, icmpCode: -1, peer: '0.0.0.0/0' },
      { protocol: 'tcp', fromPort: 22, toPort: 22, peer: '198.51.100.0/24' },
    ],
    outbound: egressAll,
  },
  {
    id: cast<SecurityGroupId>('sg-app'), name: 'app', vpcId: VPC,
    inbound: [
      { protocol: 'tcp', fromPort: 8080, toPort: 8080, peer: 'sg-web' },
      { protocol: 'icmp', peer: '10.0.0.0/16' },
    ],
    outbound: egressAll,
  },
  {
    id: cast<SecurityGroupId>('sg-db'), name: 'db', vpcId: VPC,
    inbound: [
      { protocol: 'tcp', fromPort: 5432, toPort: 5432, peer: 'sg-app' },
      { protocol: 'icmp', peer: '10.0.0.0/16' },
    ],
    outbound: [{ protocol: 'udp', fromPort: 53, toPort: 53, peer: '10.0.0.0/16' }, { protocol: 'tcp', fromPort: 443, toPort: 443, peer: '10.0.0.0/16' }],
  },
];

const TIERS = [
  { tier: 'web', count: 6, subnet: 1, group: 'sg-web', public: true },
  { tier: 'app', count: 8, subnet: 2, group: 'sg-app', public: false },
  { tier: 'db', count: 6, subnet: 3, group: 'sg-db', public: false },
] as const;

export type Tier = (typeof TIERS)[number]['tier'];

export interface SimWorkload {
  doc: NetworkDocument;
  tiers: Record<Tier, NodeId[]>;
  clients: NodeId[];
  servers: NodeId[];
}

export function buildSimDocument(settings: Partial<Settings> = {}): SimWorkload {
  const tiers: Record<Tier, NodeId[]> = { web: [], app: [], db: [] };
  const instances: Instance[] = [];
  const layout: Record<string, { x: number; y: number }> = {};
  for (const t of TIERS) {
    for (let i = 0; i < t.count; i++) {
      const id = cast<InstanceId>(`${t.tier}-${i}`);
      tiers[t.tier].push(id);
      instances.push({
        id, name: `${t.tier} ${i}`,
        enis: [{
          id: cast<EniId>(`eni-${t.tier}-${i}`), subnetId: cast<SubnetId>(`subnet-${t.subnet}`),
          privateIp: `10.0.${t.subnet}.${10 + i}`, publicIp: t.public ? `192.0.2.${10 + i}` : undefined,
          securityGroupIds: [cast<SecurityGroupId>(t.group)],
        }],
      });
      layout[id] = { x: 300 + 250 * t.subnet, y: 80 + 90 * i };
    }
  }
  const hosts: ExternalHost[] = [];
  for (let i = 0; i < 8; i++) {
    const id = cast<ExternalHostId>(`client-${i}`);
    hosts.push({ id, name: `client ${i}`, kind: 'client', ipv4: `203.0.113.${10 + i}` });
    layout[id] = { x: 60, y: 60 + 80 * i };
  }
  for (let i = 0; i < 3; i++) {
    const id = cast<ExternalHostId>(`server-${i}`);
    hosts.push({ id, name: `server ${i}`, kind: 'server', ipv4: `198.51.100.${20 + i}` });
    layout[id] = { x: 1300, y: 120 + 200 * i };
  }
  const doc: NetworkDocument = {
    version: DOCUMENT_VERSION,
    name: 'simulation benchmark',
    settings,
    vpcs: [{ id: VPC, name: 'three tiers', cidr: '10.0.0.0/16' }],
    internetGateways: [{ id: cast<InternetGatewayId>('igw-sim'), vpcId: VPC }],
    subnets: [1, 2, 3].map((n) => ({ id: cast<SubnetId>(`subnet-${n}`), name: `subnet ${n}`, vpcId: VPC, cidr: `10.0.${n}.0/24`, networkAclId: ACL })),
    networkAcls: [{
      id: ACL, name: 'default', vpcId: VPC, isDefault: true,
      inbound: [{ ruleNumber: 100, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' }],
      outbound: [{ ruleNumber: 100, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' }],
    }],
    securityGroups: GROUPS,
    prefixLists: [],
    instances,
    externalHosts: hosts,
    layout,
    traffic: [],
    expectations: [],
  };
  return { doc, tiers, clients: hosts.filter((h) => h.kind === 'client').map((h) => h.id), servers: hosts.filter((h) => h.kind === 'server').map((h) => h.id) };
}

export type Request = Omit<RequestTraffic, 'kind' | 'at'>;

/** The n-th request of a steady mix: internet to web, web to app, app to db, web to the internet. */
export function mixedRequest(w: SimWorkload, n: number): Request {
  const pick = (list: readonly NodeId[], k: number): NodeId => list[k % list.length] as NodeId;
  switch (n % 8) {
    case 0:
    case 1:
      return { from: pick(w.clients, n), to: pick(w.tiers.web, n >> 3), service: 'https' };
    case 2:
      return { from: pick(w.clients, n), to: pick(w.tiers.web, n >> 3), service: 'http' };
    case 3:
      return { from: pick(w.clients, n), to: pick(w.tiers.web, n >> 3), service: 'ping' };
    case 4:
      return { from: pick(w.tiers.web, n), to: pick(w.tiers.app, n >> 3), protocol: 'tcp', port: 8080 };
    case 5:
      return { from: pick(w.tiers.app, n), to: pick(w.tiers.db, n >> 3), service: 'postgresql' };
    case 6:
      return { from: pick(w.tiers.web, n), to: pick(w.servers, n >> 3), service: 'dns' };
    default:
      return { from: pick(w.tiers.web, n), to: pick(w.servers, n >> 3), service: 'https' };
  }
}

/** Requests whose connection-tracking entries idle out after 30 s (ICMP echo and UDP DNS). */
export function shortLivedRequest(w: SimWorkload, n: number): Request {
  const pick = (list: readonly NodeId[], k: number): NodeId => list[k % list.length] as NodeId;
  switch (n % 4) {
    case 0:
      return { from: pick(w.clients, n), to: pick(w.tiers.web, n >> 2), service: 'ping' };
    case 1:
      return { from: pick(w.tiers.web, n), to: pick(w.tiers.app, n >> 2), service: 'ping' };
    case 2:
      return { from: pick(w.tiers.web, n), to: pick(w.servers, n >> 2), service: 'dns' };
    default:
      return { from: pick(w.tiers.app, n), to: pick(w.tiers.db, n >> 2), service: 'ping' };
  }
}
