/**
 * Realistic, seeded security-group workloads for the evaluator benchmark: a VPC of ENIs, each
 * with 5 groups of 60 rules per direction drawn the way people write them (mostly single common
 * ports and small ranges, some wide ranges, CIDRs of every prefix from /8 to /32 with a few
 * 0.0.0.0/0, some group references and one prefix list), and packets that hit and miss them.
 */
import { formatIpv4, type IpAddress } from '../src/domain/addr';
import { DOCUMENT_VERSION, type Instance, type NetworkDocument, type PrefixList, type SecurityGroup, type SgRule } from '../src/domain/document';
import type { EniId, InstanceId, NaclId, PrefixListId, SecurityGroupId, SubnetId, VpcId } from '../src/domain/ids';
import type { Direction, Packet } from '../src/domain/packet';
import { ICMP, TCP, UDP } from '../src/domain/protocol';
import { makePacket } from '../src/domain/traffic';
import { Prng } from './prng';

export const GROUPS_PER_ENI = 5;
export const RULES_PER_DIRECTION = 60;
/** Groups in the document, of which each ENI draws `GROUPS_PER_ENI`. */
export const GROUP_POOL = 12;

const COMMON_PORTS = [22, 25, 53, 80, 123, 443, 445, 993, 1433, 1521, 2049, 3306, 3389, 5432, 5439, 5672, 6379, 8080, 8443, 9000, 9092, 9200, 11211, 27017];
const WIDE_RANGES: readonly [number, number][] = [[1024, 65535], [32768, 60999], [0, 65535], [8000, 8999], [30000, 32767], [49152, 65535]];
const ICMP_SHAPES: readonly [number, number][] = [[-1, -1], [-1, -1], [8, -1], [8, -1], [8, 0], [0, -1], [3, 4], [3, -1], [11, -1]];

const VPC = 'vpc-bench' as VpcId;
const PREFIX_LIST = 'pl-bench' as PrefixListId;

function cast<T extends string>(s: string): T {
  return s as T;
}

/** A block of a random prefix /8-/32, mostly in private space, a third anywhere. */
function randomCidr(rng: Prng): string {
  const r = rng.next();
  const prefix = r < 0.25 ? 32 : r < 0.45 ? 24 : r < 0.55 ? 16 : r < 0.6 ? 8 : rng.int(8, 32);
  const s = rng.next();
  const base = s < 0.35 ? (0x0a000000 | rng.int(0, 0xffffff)) >>> 0 // 10/8
    : s < 0.45 ? (0xac100000 | rng.int(0, 0xfffff)) >>> 0 // 172.16/12
    : s < 0.55 ? (0xc0a80000 | rng.int(0, 0xffff)) >>> 0 // 192.168/16
    : rng.u32();
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return `${formatIpv4((base & mask) >>> 0)}/${prefix}`;
}

function randomPorts(rng: Prng): { fromPort?: number; toPort?: number } {
  const r = rng.next();
  if (r < 0.55) {
    const p = rng.pick(COMMON_PORTS);
    return { fromPort: p, toPort: p };
  }
  if (r < 0.75) {
    const p = rng.int(1024, 65535);
    return { fromPort: p, toPort: p };
  }
  if (r < 0.9) {
    const from = rng.chance(0.5) ? rng.pick(COMMON_PORTS) : rng.int(1, 65000);
    return { fromPort: from, toPort: Math.min(65535, from + rng.int(1, 100)) };
  }
  if (r < 0.97) {
    const [from, to] = rng.pick(WIDE_RANGES);
    return { fromPort: from, toPort: to };
  }
  return {};
}

function randomRule(rng: Prng, groupIds: readonly SecurityGroupId[]): SgRule {
  const p = rng.next();
  const protocol = p < 0.62 ? 'tcp' : p < 0.8 ? 'udp' : p < 0.92 ? 'icmp' : '-1';
  const q = rng.next();
  // "All traffic" is written for narrow peers; the few 0.0.0.0/0 rules open single services.
  const peer = q < 0.025 && protocol !== '-1' ? '0.0.0.0/0'
    : q < 0.17 ? rng.pick(groupIds)
    : q < 0.2 ? PREFIX_LIST
    : randomCidr(rng);
  if (protocol === 'tcp' || protocol === 'udp') return { protocol, ...randomPorts(rng), peer };
  if (protocol === 'icmp') {
    const [icmpType, icmpCode] = rng.pick(ICMP_SHAPES);
    return { protocol, icmpType, icmpCode, peer };
  }
  return { protocol, peer };
}

export interface Workload {
  doc: NetworkDocument;
  eniIds: EniId[];
}

export function buildRuleDocument(seed: number, options: { enis?: number; groupPool?: number } = {}): Workload {
  const rng = new Prng(seed);
  const enis = options.enis ?? 20;
  const pool = options.groupPool ?? GROUP_POOL;
  const groupIds = Array.from({ length: pool }, (_, i) => cast<SecurityGroupId>(`sg-bench${i}`));
  const groups: SecurityGroup[] = groupIds.map((id, i) => ({
    id,
    name: `group-${i}`,
    vpcId: VPC,
    inbound: Array.from({ length: RULES_PER_DIRECTION }, () => randomRule(rng, groupIds)),
    outbound: Array.from({ length: RULES_PER_DIRECTION }, () => randomRule(rng, groupIds)),
  }));
  const prefixList: PrefixList = {
    id: PREFIX_LIST,
    name: 'corporate offices',
    family: 4,
    maxEntries: 12,
    entries: Array.from({ length: 12 }, () => ({ cidr: randomCidr(rng) })),
  };
  const subnets = [0, 1, 2, 3].map((i) => ({
    id: cast<SubnetId>(`subnet-${i}`),
    name: `subnet ${i}`,
    vpcId: VPC,
    cidr: `10.0.${i + 1}.0/24`,
    networkAclId: cast<NaclId>('acl-bench'),
  }));
  const eniIds: EniId[] = [];
  const instances: Instance[] = Array.from({ length: enis }, (_, i) => {
    const eniId = cast<EniId>(`eni-bench${i}`);
    eniIds.push(eniId);
    const chosen = new Set<SecurityGroupId>();
    while (chosen.size < GROUPS_PER_ENI) chosen.add(rng.pick(groupIds));
    return {
      id: cast<InstanceId>(`i-bench${i}`),
      name: `host-${i}`,
      enis: [{ id: eniId, subnetId: cast<SubnetId>(`subnet-${i % 4}`), privateIp: `10.0.${(i % 4) + 1}.${10 + i}`, securityGroupIds: [...chosen] }],
    };
  });
  const doc: NetworkDocument = {
    version: DOCUMENT_VERSION,
    name: 'evaluator benchmark',
    vpcs: [{ id: VPC, name: 'bench', cidr: '10.0.0.0/16' }],
    internetGateways: [],
    subnets,
    networkAcls: [{ id: cast<NaclId>('acl-bench'), name: 'acl', vpcId: VPC, inbound: [], outbound: [] }],
    securityGroups: groups,
    prefixLists: [prefixList],
    instances,
    externalHosts: [],
    layout: {},
    traffic: [],
    expectations: [],
  };
  return { doc, eniIds };
}

export interface EvalCase {
  eni: EniId;
  direction: Direction;
  packet: Packet;
  /** The peer's address as the ENI sees it: the source inbound, the destination outbound. */
  remote: IpAddress;
}

function ip(v4: number): IpAddress {
  return { family: 4, v4: v4 >>> 0, v6: 0n, text: formatIpv4(v4 >>> 0) };
}

function blockOf(text: string): [number, number] {
  const [addr = '', prefixText = '32'] = text.split('/');
  const v4 = addr.split('.').reduce((n, b) => ((n << 8) | Number(b)) >>> 0, 0);
  const prefix = Number(prefixText);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [(v4 & mask) >>> 0, ((v4 & mask) | ~mask) >>> 0];
}

/**
 * Packets for the ENIs of a workload. Half are aimed at a random rule of the ENI (its protocol,
 * a port in its range, an address in its peer), which usually but not always matches; the other
 * half are random traffic (common or random ports, private or public addresses), which mostly misses.
 */
export function buildCases(w: Workload, seed: number, count: number): EvalCase[] {
  const rng = new Prng(seed);
  const groups = new Map(w.doc.securityGroups.map((g) => [g.id, g]));
  const members = new Map<SecurityGroupId, number[]>();
  const eniAddr = new Map<EniId, number>();
  for (const inst of w.doc.instances) {
    for (const e of inst.enis) {
      const a = blockOf(`${e.privateIp}/32`)[0];
      eniAddr.set(e.id, a);
      for (const g of e.securityGroupIds) members.set(g, [...(members.get(g) ?? []), a]);
    }
  }
  const plBlocks = w.doc.prefixLists.flatMap((p) => p.entries.map((e) => blockOf(e.cidr)));
  const eniGroups = new Map(w.doc.instances.flatMap((i) => i.enis.map((e) => [e.id, e.securityGroupIds] as const)));
  const cases: EvalCase[] = [];
  for (let n = 0; n < count; n++) {
    const eni = rng.pick(w.eniIds);
    const direction: Direction = rng.chance(0.5) ? 'inbound' : 'outbound';
    let protocol: number;
    let port: number;
    let icmpType = 8;
    let icmpCode = 0;
    let remote: number;
    if (rng.chance(0.5)) {
      const g = groups.get(rng.pick(eniGroups.get(eni) ?? [])) as SecurityGroup;
      const rule = rng.pick(direction === 'inbound' ? g.inbound : g.outbound);
      protocol = rule.protocol === 'tcp' ? TCP : rule.protocol === 'udp' ? UDP : rule.protocol === 'icmp' ? ICMP : rng.pick([TCP, UDP, ICMP]);
      const from = rule.fromPort ?? 0;
      const to = rule.toPort ?? 65535;
      port = rng.chance(0.9) ? rng.int(from, to) : rng.int(0, 65535);
      if (protocol === ICMP) {
        icmpType = rule.icmpType !== undefined && rule.icmpType >= 0 ? rule.icmpType : rng.pick([0, 3, 8, 11]);
        icmpCode = rule.icmpCode !== undefined && rule.icmpCode >= 0 ? rule.icmpCode : rng.int(0, 4);
      }
      let block: [number, number];
      if (rule.peer.startsWith('sg-')) {
        const list = members.get(rule.peer as SecurityGroupId) ?? [rng.u32()];
        const a = rng.pick(list);
        block = [a, a];
      } else if (rule.peer.startsWith('pl-')) block = rng.pick(plBlocks);
      else block = blockOf(rule.peer);
      remote = rng.chance(0.9) ? block[0] + Math.floor(rng.next() * (block[1] - block[0] + 1)) : rng.u32();
    } else {
      const r = rng.next();
      protocol = r < 0.7 ? TCP : r < 0.88 ? UDP : ICMP;
      port = rng.chance(0.5) ? rng.pick(COMMON_PORTS) : rng.int(0, 65535);
      icmpType = rng.pick([0, 3, 8, 8, 8, 11]);
      icmpCode = icmpType === 3 ? rng.int(0, 4) : 0;
      remote = rng.chance(0.5) ? rng.u32() : (0x0a000000 | rng.int(0, 0xffffff)) >>> 0;
    }
    const local = ip(eniAddr.get(eni) ?? 0);
    const peer = ip(remote);
    const src = direction === 'inbound' ? peer : local;
    const dst = direction === 'inbound' ? local : peer;
    const packet = makePacket(src, dst, {
      protocol,
      srcPort: rng.int(1024, 65535),
      dstPort: port,
      icmpType,
      icmpCode,
      icmpId: rng.int(0, 65535),
      flags: 'S',
    });
    cases.push({ eni, direction, packet, remote: peer });
  }
  return cases;
}
