/**
 * The rules of every group on one ENI, for one direction, indexed so that an IPv4 verdict costs
 * two binary searches over typed arrays instead of a scan. TCP and UDP rules are cut into port
 * segments; ICMP and other protocols get one segment per protocol (and ICMP type and code). In
 * each segment the address line is cut into elementary intervals, each remembering the first
 * rule (in group order) that covers it. The answer is the one a scan of every rule gives (rule 2:
 * any match allows); the property tests hold the two side by side.
 *
 * IPv6 verdicts scan the rules: bigint intervals would not be faster for the few rules a real
 * group has for IPv6, and the scan is the reference reading.
 */
import type { IpAddress, IpFamily } from './addr';
import type { Packet } from './packet';
import { ALL, ICMP, ICMPV6, TCP, UDP } from './protocol';
import { addressMatches, opensEverything, portsMatch, type CompiledSgRule } from './sgRule';

export interface SgMatch {
  /** The first matching rule in group order: the one a verdict names. */
  rule: CompiledSgRule;
  /** A matching rule's peer is exactly 0.0.0.0/0 or ::/0 (half of the untracked condition). */
  wholeFamilyRule: CompiledSgRule | null;
}

/** Cap on the per-protocol (and ICMP type and code) segments of one rule set. */
const MAX_OTHER_SEGMENTS = 1024;

/** Runs longer than this get a table by the address's first byte, so a search touches few cache lines. */
const BUCKETED_RUN = 16;

/**
 * Segments of IPv4 address intervals, flattened into one array so that a search touches few
 * cache lines: interval k is `iv[3k]` (first address), `iv[3k+1]` (last address) and `iv[3k+2]`
 * (index of the first rule covering it). Segments covered by the same rules share one run.
 */
interface FlatSegments {
  /**
   * Four numbers per segment, side by side so that one cache line holds them: the run's first
   * interval, the interval after its last, the offset of its first-byte table in `buckets` (or
   * -1), and the first covering rule open to 0.0.0.0/0 (or -1).
   */
  meta: Int32Array;
  iv: Uint32Array;
  /** Entry b of a table: the first interval of the run whose last address is >= b << 24. */
  buckets: Int32Array;
}

interface PortTable {
  /** First port of each segment, ascending, starting at 0. */
  ports: Int32Array;
  /** Segment holding port 256k, for k = 0..255: where the search for a port starts. */
  coarse: Uint16Array;
  segments: FlatSegments;
}

/** Elementary IPv4 intervals of one set of rules (indices in group order), merged where the first rule is the same. */
function intervals(rules: readonly CompiledSgRule[], members: readonly number[]): number[] {
  const points: number[] = [];
  for (const i of members) {
    for (const c of (rules[i] as CompiledSgRule).ranges) {
      if (c.family !== 4) continue;
      points.push(c.lo4, c.hi4 + 1);
    }
  }
  points.sort((a, b) => a - b);
  const out: number[] = [];
  for (let k = 0; k + 1 < points.length; k++) {
    const lo = points[k] as number;
    const next = points[k + 1] as number;
    if (next === lo) continue;
    let first = -1;
    for (const i of members) {
      if ((rules[i] as CompiledSgRule).ranges.some((c) => c.family === 4 && c.lo4 <= lo && lo <= c.hi4)) {
        first = i;
        break;
      }
    }
    if (first < 0) continue;
    const n = out.length;
    if (n > 0 && out[n - 1] === first && (out[n - 2] as number) + 1 === lo) out[n - 2] = next - 1;
    else out.push(lo, next - 1, first);
  }
  return out;
}

function bucketTable(iv: readonly number[], from: number, to: number): number[] {
  const table: number[] = [];
  let k = from;
  for (let b = 0; b <= 256; b++) {
    const floor = b * 2 ** 24;
    while (k < to && (iv[3 * k + 1] as number) < floor) k++;
    table.push(k);
  }
  return table;
}

function flatten(rules: readonly CompiledSgRule[], memberLists: readonly number[][]): FlatSegments {
  const meta = new Int32Array(4 * memberLists.length);
  const iv: number[] = [];
  const buckets: number[] = [];
  const shared = new Map<string, [number, number, number]>();
  memberLists.forEach((members, s) => {
    const key = members.join(',');
    let run = shared.get(key);
    if (!run) {
      const first = iv.length / 3;
      iv.push(...intervals(rules, members));
      const last = iv.length / 3;
      let table = -1;
      if (last - first > BUCKETED_RUN) {
        table = buckets.length;
        buckets.push(...bucketTable(iv, first, last));
      }
      run = [first, last, table];
      shared.set(key, run);
    }
    meta.set([...run, members.find((i) => (rules[i] as CompiledSgRule).wholeFamily === 4) ?? -1], 4 * s);
  });
  return { meta, iv: Uint32Array.from(iv), buckets: Int32Array.from(buckets) };
}

/** Index of the first rule covering `addr` in segment s, or -1. */
function lookup(seg: FlatSegments, s: number, addr: number): number {
  const m = 4 * s;
  let lo = seg.meta[m] as number;
  let hi = (seg.meta[m + 1] as number) - 1;
  const table = seg.meta[m + 2] as number;
  if (table >= 0) {
    // Only intervals from the first that reaches the address's first byte to the first that
    // reaches the next byte can hold the address.
    const b = table + (addr >>> 24);
    lo = seg.buckets[b] as number;
    hi = Math.min(seg.buckets[b + 1] as number, hi);
  }
  const iv = seg.iv;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((iv[3 * mid] as number) <= addr) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && addr <= (iv[3 * found + 1] as number) ? (iv[3 * found + 2] as number) : -1;
}

/**
 * Rules spanning more ports than this go to a second table. Wide rules (1024-65535, all ports,
 * "All traffic") would otherwise repeat their address intervals in nearly every narrow segment;
 * apart, each table stays small enough to live in cache, and a verdict searches both.
 */
const WIDE_SPAN = 256;

function buildPortTable(rules: readonly CompiledSgRule[], protocol: number, wide: boolean): PortTable {
  const relevant: number[] = [];
  rules.forEach((r, i) => {
    const isWide = r.toPort - r.fromPort >= WIDE_SPAN;
    if (isWide === wide && (r.protocol === protocol || r.protocol === ALL) && r.ranges.some((c) => c.family === 4)) relevant.push(i);
  });
  const cuts = new Set<number>([0]);
  for (const i of relevant) {
    const r = rules[i] as CompiledSgRule;
    cuts.add(r.fromPort);
    if (r.toPort < 65535) cuts.add(r.toPort + 1);
  }
  const ports = Int32Array.from([...cuts].sort((a, b) => a - b));
  const members = Array.from(ports, (p) => relevant.filter((i) => (rules[i] as CompiledSgRule).fromPort <= p && p <= (rules[i] as CompiledSgRule).toPort));
  const coarse = new Uint16Array(256);
  let seg = 0;
  for (let k = 0; k < 256; k++) {
    while (seg + 1 < ports.length && (ports[seg + 1] as number) <= k * 256) seg++;
    coarse[k] = seg;
  }
  return { ports, coarse, segments: flatten(rules, members) };
}

function segmentOf(table: PortTable, port: number): number {
  const { ports } = table;
  let s = table.coarse[port >> 8] as number;
  while (s + 1 < ports.length && (ports[s + 1] as number) <= port) s++;
  return s;
}

/** The earlier of two rule indices, where -1 means none. */
function first(a: number, b: number): number {
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

function byte(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 255;
}

export class SgRuleSet {
  readonly rules: readonly CompiledSgRule[];
  /** Narrow and wide TCP and UDP tables, built on first use. */
  private tcpNarrow: PortTable | null = null;
  private tcpWide: PortTable | null = null;
  private udpNarrow: PortTable | null = null;
  private udpWide: PortTable | null = null;
  private readonly others = new Map<number, FlatSegments>();
  private readonly othersByMembers = new Map<string, FlatSegments>();

  constructor(rules: CompiledSgRule[]) {
    this.rules = [...rules].sort((a, b) => a.order - b.order);
  }

  match(p: Packet, remote: IpAddress): SgMatch | null {
    if (remote.family === 6) return this.scan(p, remote);
    let rule: number;
    let world: number;
    if (p.protocol === TCP || p.protocol === UDP) {
      const tcp = p.protocol === TCP;
      const narrow = tcp ? (this.tcpNarrow ??= buildPortTable(this.rules, TCP, false)) : (this.udpNarrow ??= buildPortTable(this.rules, UDP, false));
      const wide = tcp ? (this.tcpWide ??= buildPortTable(this.rules, TCP, true)) : (this.udpWide ??= buildPortTable(this.rules, UDP, true));
      const sn = segmentOf(narrow, p.dstPort);
      const sw = segmentOf(wide, p.dstPort);
      rule = first(lookup(narrow.segments, sn, remote.v4), lookup(wide.segments, sw, remote.v4));
      world = first(narrow.segments.meta[4 * sn + 3] as number, wide.segments.meta[4 * sw + 3] as number);
    } else {
      const seg = this.otherSegment(p);
      if (!seg) return this.scan(p, remote);
      rule = lookup(seg, 0, remote.v4);
      world = seg.meta[3] as number;
    }
    if (rule < 0) return null;
    return { rule: this.rules[rule] as CompiledSgRule, wholeFamilyRule: world >= 0 ? (this.rules[world] as CompiledSgRule) : null };
  }

  /** The first rule that opens this direction to the whole family on every port for the protocol. */
  opensEverything(protocol: number, family: IpFamily): CompiledSgRule | null {
    return this.rules.find((r) => opensEverything(r, protocol, family)) ?? null;
  }

  /** The reference reading: every rule in group order. */
  private scan(p: Packet, remote: IpAddress): SgMatch | null {
    let rule: CompiledSgRule | null = null;
    let world: CompiledSgRule | null = null;
    for (const r of this.rules) {
      if (!portsMatch(r, p)) continue;
      if (rule === null && addressMatches(r.ranges, remote)) rule = r;
      if (world === null && r.wholeFamily === remote.family) world = r;
      if (rule !== null && world !== null) break;
    }
    return rule ? { rule, wholeFamilyRule: world } : null;
  }

  /** The one segment of an IPv4 packet without ports, or null for a field out of range (then the scan decides). */
  private otherSegment(p: Packet): FlatSegments | null {
    const icmp = p.protocol === ICMP || p.protocol === ICMPV6;
    const type = icmp ? p.icmpType : 0;
    const code = icmp ? p.icmpCode : 0;
    if (!(byte(p.protocol) && byte(type) && byte(code))) return null;
    const key = (p.protocol * 256 + type) * 256 + code;
    let seg = this.others.get(key);
    if (!seg) {
      // Traffic that tries every type and code pair gets scans past this many, not unbounded memory.
      if (this.others.size >= MAX_OTHER_SEGMENTS) return null;
      const members: number[] = [];
      this.rules.forEach((r, i) => {
        if (portsMatch(r, p) && r.ranges.some((c) => c.family === 4)) members.push(i);
      });
      // Most ICMP types and codes meet the same rules: they share one index.
      const sharedKey = members.join(',');
      seg = this.othersByMembers.get(sharedKey) ?? flatten(this.rules, [members]);
      this.othersByMembers.set(sharedKey, seg);
      this.others.set(key, seg);
    }
    return seg;
  }
}
