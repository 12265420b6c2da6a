/**
 * The 300-node document of the render benchmark: one VPC with an internet gateway, six subnets of
 * 47 instances each (two web subnets with public addresses, two app, two db), 8 internet clients
 * and 2 external servers. Groups are chained by reference like bench/simDocument.ts, so every
 * request `renderRequest` makes is allowed both ways and lives a whole request/response lifecycle.
 */
import { DOCUMENT_VERSION, type ExternalHost, type Instance, type LayoutEntry, type NetworkDocument, type RequestTraffic, type SecurityGroup, type SgRule } from '../../src/domain/document';
import type { EniId, ExternalHostId, InstanceId, InternetGatewayId, NaclId, NodeId, SecurityGroupId, SubnetId, VpcId } from '../../src/domain/ids';
import type { Settings } from '../../src/domain/settings';

function cast<T extends string>(s: string): T {
  return s as T;
}

const VPC = cast<VpcId>('vpc-render');
const ACL = cast<NaclId>('acl-render');
const IGW = cast<InternetGatewayId>('igw-render');
export const PER_SUBNET = 47;
const COLUMNS = 8;
const CELL = { w: 180, h: 84 };
const SUBNET = { w: COLUMNS * CELL.w + 40, h: Math.ceil(PER_SUBNET / COLUMNS) * CELL.h + 60 };
const CLIENTS = 8;
const SERVERS = 2;

const egressAll: SgRule[] = [{ protocol: '-1', peer: '0.0.0.0/0' }];

const GROUPS: SecurityGroup[] = [
  {
    id: cast<SecurityGroupId>('sg-web'), name: 'web', vpcId: VPC,
    inbound: [
      { protocol: 'tcp', fromPort: 80, toPort: 80, peer: '0.0.0.0/0' },
      { protocol: 'tcp', fromPort: 443, toPort: 443, peer: '0.0.0.0/0' },
      { protocol: 'icmp', icmpType: 8, icmpCode: -1, peer: '0.0.0.0/0' },
    ],
    outbound: egressAll,
  },
  {
    id: cast<SecurityGroupId>('sg-app'), name: 'app', vpcId: VPC,
    inbound: [{ protocol: 'tcp', fromPort: 8080, toPort: 8080, peer: 'sg-web' }],
    outbound: egressAll,
  },
  {
    id: cast<SecurityGroupId>('sg-db'), name: 'db', vpcId: VPC,
    inbound: [{ protocol: 'tcp', fromPort: 5432, toPort: 5432, peer: 'sg-app' }],
    outbound: egressAll,
  },
];

/** Subnet n (1-6): its tier, and where its corner sits (three columns, two rows). */
const SUBNETS = [
  { n: 1, tier: 'web', col: 0, row: 0 },
  { n: 2, tier: 'web', col: 0, row: 1 },
  { n: 3, tier: 'app', col: 1, row: 0 },
  { n: 4, tier: 'app', col: 1, row: 1 },
  { n: 5, tier: 'db', col: 2, row: 0 },
  { n: 6, tier: 'db', col: 2, row: 1 },
] as const;

export type Tier = (typeof SUBNETS)[number]['tier'];

export interface RenderWorkload {
  doc: NetworkDocument;
  tiers: Record<Tier, NodeId[]>;
  clients: NodeId[];
  servers: NodeId[];
}

export function buildRenderDocument(settings: Partial<Settings> = {}): RenderWorkload {
  const tiers: Record<Tier, NodeId[]> = { web: [], app: [], db: [] };
  const instances: Instance[] = [];
  const layout: Record<string, LayoutEntry> = {};
  const vpcAt = { x: 400, y: 0 };
  layout[VPC] = { ...vpcAt, w: 3 * (SUBNET.w + 60) + 60, h: 2 * (SUBNET.h + 60) + 80 };
  layout[IGW] = { x: vpcAt.x, y: vpcAt.y + (SUBNET.h + 60) + 40 };
  let publicHost = 10;
  for (const s of SUBNETS) {
    const corner = { x: vpcAt.x + 60 + s.col * (SUBNET.w + 60), y: vpcAt.y + 60 + s.row * (SUBNET.h + 60) };
    layout[`subnet-${s.n}`] = { ...corner, ...SUBNET };
    for (let i = 0; i < PER_SUBNET; i++) {
      const id = cast<InstanceId>(`i-${s.n}-${i}`);
      tiers[s.tier].push(id);
      instances.push({
        id, name: `${s.tier} ${s.n}.${i}`,
        enis: [{
          id: cast<EniId>(`eni-${s.n}-${i}`), subnetId: cast<SubnetId>(`subnet-${s.n}`),
          privateIp: `10.0.${s.n}.${10 + i}`, publicIp: s.tier === 'web' ? `192.0.2.${publicHost++}` : undefined,
          securityGroupIds: [cast<SecurityGroupId>(`sg-${s.tier}`)],
        }],
      });
      layout[id] = { x: corner.x + 20 + CELL.w / 2 + (i % COLUMNS) * CELL.w, y: corner.y + 50 + CELL.h / 2 + Math.floor(i / COLUMNS) * CELL.h };
    }
  }
  const hosts: ExternalHost[] = [];
  for (let i = 0; i < CLIENTS; i++) {
    const id = cast<ExternalHostId>(`client-${i}`);
    hosts.push({ id, name: `client ${i}`, kind: 'client', ipv4: `203.0.113.${10 + i}` });
    layout[id] = { x: 120, y: 80 + 140 * i };
  }
  for (let i = 0; i < SERVERS; i++) {
    const id = cast<ExternalHostId>(`server-${i}`);
    hosts.push({ id, name: `server ${i}`, kind: 'server', ipv4: `198.51.100.${20 + i}` });
    layout[id] = { x: 120, y: 80 + 140 * (CLIENTS + i) };
  }
  const doc: NetworkDocument = {
    version: DOCUMENT_VERSION,
    name: 'render benchmark',
    settings,
    vpcs: [{ id: VPC, name: 'render', cidr: '10.0.0.0/16' }],
    internetGateways: [{ id: IGW, vpcId: VPC }],
    subnets: SUBNETS.map((s) => ({ id: cast<SubnetId>(`subnet-${s.n}`), name: `${s.tier} ${s.n}`, vpcId: VPC, cidr: `10.0.${s.n}.0/24`, networkAclId: ACL })),
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

/**
 * The n-th request of a steady mix spread over every instance: internet to web, web to app, app
 * to db, web to the internet. Multiplying by a prime walks each tier in an order unrelated to n.
 */
export function renderRequest(w: RenderWorkload, n: number): Request {
  const pick = (list: readonly NodeId[], k: number): NodeId => list[k % list.length] as NodeId;
  const k = n * 7919;
  switch (n % 8) {
    case 0:
    case 1:
      return { from: pick(w.clients, n), to: pick(w.tiers.web, k), service: 'https' };
    case 2:
      return { from: pick(w.clients, n), to: pick(w.tiers.web, k), service: 'http' };
    case 3:
      return { from: pick(w.clients, n), to: pick(w.tiers.web, k), service: 'ping' };
    case 4:
      return { from: pick(w.tiers.web, k), to: pick(w.tiers.app, k >> 3), protocol: 'tcp', port: 8080 };
    case 5:
      return { from: pick(w.tiers.app, k), to: pick(w.tiers.db, k >> 3), service: 'postgresql' };
    case 6:
      return { from: pick(w.tiers.app, k), to: pick(w.tiers.db, k >> 5), service: 'postgresql' };
    default:
      return { from: pick(w.tiers.web, k), to: pick(w.servers, k >> 3), service: 'https' };
  }
}
