/**
 * The naive baseline: every rule of an ENI's groups for one direction, pre-parsed into numbers
 * and scanned in group order until the first match. It is the strong version of "just loop over
 * the rules": typed arrays (no strings, no objects, no allocation per packet), one row per
 * address block (a group reference or prefix list becomes several rows of the same rule), and an
 * early exit. It parses the document on its own (not through the engine's compiler), so that the
 * identical-verdict assertion also checks the engine's reading of the rules.
 */
import type { NetworkDocument, SgRule } from '../src/domain/document';
import type { EniId, SecurityGroupId } from '../src/domain/ids';
import type { Direction } from '../src/domain/packet';

export interface NaiveTable {
  size: number;
  protocol: Int32Array;
  fromPort: Int32Array;
  toPort: Int32Array;
  icmpType: Int32Array;
  icmpCode: Int32Array;
  lo: Float64Array;
  hi: Float64Array;
  /** The rule's position across the ENI's groups: what the engine calls `order`. */
  order: Int32Array;
}

const PROTOCOLS: Record<string, number> = { tcp: 6, udp: 17, icmp: 1, icmpv6: 58, '-1': -1, all: -1 };

function ipv4(text: string): number {
  const parts = text.split('.').map(Number);
  if (parts.length !== 4 || parts.some((b) => !Number.isInteger(b) || b < 0 || b > 255)) throw new Error(`naive: not IPv4: ${text}`);
  return parts.reduce((n, b) => n * 256 + b, 0);
}

function block(cidr: string): [number, number] {
  const [addr = '', prefixText = ''] = cidr.split('/');
  const prefix = Number(prefixText);
  const size = 2 ** (32 - prefix);
  const lo = Math.floor(ipv4(addr) / size) * size;
  return [lo, lo + size - 1];
}

interface Row {
  protocol: number;
  fromPort: number;
  toPort: number;
  icmpType: number;
  icmpCode: number;
  lo: number;
  hi: number;
  order: number;
}

function shape(rule: SgRule, protocol: number): Omit<Row, 'lo' | 'hi' | 'order' | 'protocol'> {
  if (protocol === 6 || protocol === 17) return { fromPort: rule.fromPort ?? 0, toPort: rule.toPort ?? 65535, icmpType: -1, icmpCode: -1 };
  if (protocol === 1 || protocol === 58) return { fromPort: 0, toPort: 65535, icmpType: rule.icmpType ?? -1, icmpCode: rule.icmpCode ?? -1 };
  return { fromPort: 0, toPort: 65535, icmpType: -1, icmpCode: -1 };
}

export function buildNaiveTable(doc: NetworkDocument, eniId: EniId, direction: Direction): NaiveTable {
  const enis = doc.instances.flatMap((i) => i.enis);
  const eni = enis.find((e) => e.id === eniId);
  if (!eni) throw new Error(`naive: no ENI ${eniId}`);
  const members = (g: SecurityGroupId): [number, number][] =>
    enis.filter((e) => e.securityGroupIds.includes(g)).map((e) => [ipv4(e.privateIp), ipv4(e.privateIp)]);
  const rows: Row[] = [];
  let order = 0;
  for (const gid of eni.securityGroupIds) {
    const g = doc.securityGroups.find((x) => x.id === gid);
    if (!g) continue;
    for (const rule of direction === 'inbound' ? g.inbound : g.outbound) {
      const protocol = PROTOCOLS[rule.protocol.toLowerCase()] ?? Number(rule.protocol);
      const blocks = rule.peer.startsWith('sg-')
        ? members(rule.peer as SecurityGroupId)
        : rule.peer.startsWith('pl-')
          ? (doc.prefixLists.find((p) => p.id === rule.peer)?.entries ?? []).map((e) => block(e.cidr))
          : [block(rule.peer)];
      for (const [lo, hi] of blocks) rows.push({ protocol, ...shape(rule, protocol), lo, hi, order });
      order++;
    }
  }
  const n = rows.length;
  const t: NaiveTable = {
    size: n,
    protocol: new Int32Array(n), fromPort: new Int32Array(n), toPort: new Int32Array(n),
    icmpType: new Int32Array(n), icmpCode: new Int32Array(n),
    lo: new Float64Array(n), hi: new Float64Array(n), order: new Int32Array(n),
  };
  rows.forEach((r, i) => {
    t.protocol[i] = r.protocol;
    t.fromPort[i] = r.fromPort;
    t.toPort[i] = r.toPort;
    t.icmpType[i] = r.icmpType;
    t.icmpCode[i] = r.icmpCode;
    t.lo[i] = r.lo;
    t.hi[i] = r.hi;
    t.order[i] = r.order;
  });
  return t;
}

/**
 * The first matching rule's order, or -1. Non-port protocols carry ports 0-65535 and non-ICMP
 * rules type and code -1, so one branch-light test covers every protocol. The address test runs
 * first: it rejects most rows.
 */
export function naiveMatch(t: NaiveTable, protocol: number, dstPort: number, icmpType: number, icmpCode: number, remote: number): number {
  const { size, lo, hi } = t;
  const proto = t.protocol;
  const from = t.fromPort;
  const to = t.toPort;
  const type = t.icmpType;
  const code = t.icmpCode;
  for (let i = 0; i < size; i++) {
    if (remote < (lo[i] as number) || remote > (hi[i] as number)) continue;
    const pr = proto[i] as number;
    if (pr !== -1 && pr !== protocol) continue;
    if (dstPort < (from[i] as number) || dstPort > (to[i] as number)) continue;
    const ty = type[i] as number;
    if (ty !== -1 && ty !== icmpType) continue;
    const co = code[i] as number;
    if (co !== -1 && co !== icmpCode) continue;
    return t.order[i] as number;
  }
  return -1;
}
