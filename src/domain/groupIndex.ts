/**
 * The IPv4 rules of every security group of a document, for one direction, indexed once for all
 * ENIs. An ENI's verdict asks this index which groups have a rule covering the packet and takes
 * the first of its own groups, in its own order (rule 2: any match allows; the verdict names the
 * first match in group order).
 *
 * Why one index for all ENIs rather than one per ENI: ENIs share groups, so per-ENI indexes repeat
 * the same rules (eight times over in the evaluator benchmark, where 20 ENIs draw 5 groups from
 * 12), and each ENI's tables then compete for the cache. Measured in that benchmark
 * (docs/performance.md): about 410 ns per verdict with one index per ENI and direction, 365 ns
 * with this one, and the first pass, which builds the tables, 101-130 ms instead of 176 ms.
 *
 * Layout: TCP and UDP rules are cut into port segments (rules wider than 256 ports in a second
 * table, so that their address intervals are not repeated in every narrow segment); other
 * protocols, and ICMP by type and code, get one segment each. In a segment, the address line is
 * cut into elementary intervals; each points to a cell listing, for every group with a rule
 * covering it, that group's first such rule. Intervals and cells live in flat typed arrays.
 */
import type { Packet } from './packet';
import { ALL, ICMP, ICMPV6, TCP, UDP } from './protocol';
import { portsMatch, type CompiledSgRule } from './sgRule';

/** A rule as the index needs it: its group's rules are given in order, so its position is its index. */
export type IndexedRule = Pick<CompiledSgRule, 'protocol' | 'fromPort' | 'toPort' | 'icmpType' | 'icmpCode' | 'ranges' | 'wholeFamily'>;

/** The first rule, in an ENI's group order, that covers a packet: the group's position on the ENI and the rule's index in the group. */
export interface GroupHit {
  /** Position in the ENI's list of groups, or -1 when no group of the ENI has a rule for the packet. */
  position: number;
  index: number;
  /** The same for the first rule covering the packet's port whose peer is exactly 0.0.0.0/0. */
  worldPosition: number;
  worldIndex: number;
}

/** Cap on the per-protocol (and ICMP type and code) segments of one index. */
const MAX_OTHER_SEGMENTS = 1024;

/** Runs longer than this get a table by the address's first byte, so a search touches few cache lines. */
const BUCKETED_RUN = 16;

/** Rules spanning more ports than this go to the second (wide) table. */
const WIDE_SPAN = 256;

/**
 * Segments of address intervals. Interval k is `iv[3k]` (first address), `iv[3k+1]` (last) and
 * `iv[3k+2]` (its cell in `cells`). A cell at offset c is `cells[c]` = n, then n pairs (group,
 * index of the group's first covering rule), by group. Segments covered by the same rules share
 * one run of intervals.
 */
interface Segments {
  /** Per segment: first interval of its run, the interval after the last, the offset of its first-byte table or -1, and its 0.0.0.0/0 cell or -1. */
  meta: Int32Array;
  iv: Uint32Array;
  /** Entry b of a table: the first interval of the run whose last address is >= b << 24. */
  buckets: Int32Array;
  cells: Int32Array;
}

interface PortTable {
  /** First port of each segment, ascending, starting at 0. */
  ports: Int32Array;
  /** Segment holding port 256k, for k = 0..255: where the search for a port starts. */
  coarse: Uint16Array;
  segments: Segments;
}

/** Builds cells, sharing identical ones. */
class CellBuilder {
  readonly data: number[] = [];
  private readonly seen = new Map<string, number>();

  /** The cell of these rule ids (ascending, so the first of each group comes first), or -1 when empty. */
  cellOf(ids: readonly number[], groupOf: Int32Array, indexOf: Int32Array): number {
    if (ids.length === 0) return -1;
    const pairs: number[] = [];
    let last = -1;
    for (const id of ids) {
      const g = groupOf[id] as number;
      if (g === last) continue;
      pairs.push(g, indexOf[id] as number);
      last = g;
    }
    const key = pairs.join(',');
    let at = this.seen.get(key);
    if (at === undefined) {
      at = this.data.length;
      this.data.push(pairs.length / 2, ...pairs);
      this.seen.set(key, at);
    }
    return at;
  }
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

/** Index of the cell covering `addr` in segment s, or -1. */
function cellAt(seg: Segments, s: number, addr: number): number {
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

/** The index of group g's first rule in cell c, or -1. */
function inCell(cells: Int32Array, c: number, g: number): number {
  if (c < 0) return -1;
  const n = cells[c] as number;
  for (let k = c + 1, end = c + 1 + 2 * n; k < end; k += 2) {
    const cg = cells[k] as number;
    if (cg === g) return cells[k + 1] as number;
    if (cg > g) return -1;
  }
  return -1;
}

function earlier(a: number, b: number): number {
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

/**
 * The first of the ENI's groups (`order`) with a rule in cell a or cell b (-1: none), and that
 * group's earlier rule of the two: written to `hit`'s rule fields, or its 0.0.0.0/0 fields.
 */
function firstGroup(order: Int32Array, cellsA: Int32Array, a: number, cellsB: Int32Array, b: number, hit: GroupHit, world: boolean): void {
  if (a < 0 && b < 0) return;
  for (let pos = 0; pos < order.length; pos++) {
    const g = order[pos] as number;
    const i = earlier(inCell(cellsA, a, g), inCell(cellsB, b, g));
    if (i < 0) continue;
    if (world) {
      hit.worldPosition = pos;
      hit.worldIndex = i;
    } else {
      hit.position = pos;
      hit.index = i;
    }
    return;
  }
}

function byte(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 255;
}

export class GroupIndex {
  /** Every group's rules, group after group: a rule's id is its position here. */
  private readonly rules: IndexedRule[] = [];
  private readonly groupOf: Int32Array;
  private readonly indexOf: Int32Array;
  private tcpNarrow: PortTable | null = null;
  private tcpWide: PortTable | null = null;
  private udpNarrow: PortTable | null = null;
  private udpWide: PortTable | null = null;
  private readonly others = new Map<number, Segments>();
  private readonly othersByMembers = new Map<string, Segments>();

  /** `groups[g]`: the rules of group ordinal g for this direction, in the group's order. */
  constructor(groups: readonly (readonly IndexedRule[])[]) {
    const groupOf: number[] = [];
    const indexOf: number[] = [];
    groups.forEach((rules, g) => {
      rules.forEach((r, i) => {
        this.rules.push(r);
        groupOf.push(g);
        indexOf.push(i);
      });
    });
    this.groupOf = Int32Array.from(groupOf);
    this.indexOf = Int32Array.from(indexOf);
  }

  /**
   * Finds, for an IPv4 packet from or to `addr`, the first rule in the order of `order` (group
   * ordinals as the ENI lists them) that covers it. Returns false when the packet's fields are out
   * of the index's range (the caller then scans the rules), true when `hit` is filled in.
   */
  match(p: Packet, addr: number, order: Int32Array, hit: GroupHit): boolean {
    hit.position = -1;
    hit.worldPosition = -1;
    if (p.protocol === TCP || p.protocol === UDP) {
      const tcp = p.protocol === TCP;
      const narrow = tcp ? (this.tcpNarrow ??= this.portTable(TCP, false)) : (this.udpNarrow ??= this.portTable(UDP, false));
      const wide = tcp ? (this.tcpWide ??= this.portTable(TCP, true)) : (this.udpWide ??= this.portTable(UDP, true));
      const sn = segmentOf(narrow, p.dstPort);
      const sw = segmentOf(wide, p.dstPort);
      const a = narrow.segments;
      const b = wide.segments;
      firstGroup(order, a.cells, cellAt(a, sn, addr), b.cells, cellAt(b, sw, addr), hit, false);
      if (hit.position >= 0) firstGroup(order, a.cells, a.meta[4 * sn + 3] as number, b.cells, b.meta[4 * sw + 3] as number, hit, true);
      return true;
    }
    const seg = this.otherSegment(p);
    if (!seg) return false;
    firstGroup(order, seg.cells, cellAt(seg, 0, addr), seg.cells, -1, hit, false);
    if (hit.position >= 0) firstGroup(order, seg.cells, seg.meta[3] as number, seg.cells, -1, hit, true);
    return true;
  }

  private portTable(protocol: number, wide: boolean): PortTable {
    const relevant: number[] = [];
    this.rules.forEach((r, id) => {
      const isWide = r.toPort - r.fromPort >= WIDE_SPAN;
      if (isWide === wide && (r.protocol === protocol || r.protocol === ALL) && r.ranges.some((c) => c.family === 4)) relevant.push(id);
    });
    const cuts = new Set<number>([0]);
    for (const id of relevant) {
      const r = this.rules[id] as IndexedRule;
      cuts.add(r.fromPort);
      if (r.toPort < 65535) cuts.add(r.toPort + 1);
    }
    const ports = Int32Array.from([...cuts].sort((x, y) => x - y));
    const members = Array.from(ports, (port) => relevant.filter((id) => (this.rules[id] as IndexedRule).fromPort <= port && port <= (this.rules[id] as IndexedRule).toPort));
    const coarse = new Uint16Array(256);
    let seg = 0;
    for (let k = 0; k < 256; k++) {
      while (seg + 1 < ports.length && (ports[seg + 1] as number) <= k * 256) seg++;
      coarse[k] = seg;
    }
    return { ports, coarse, segments: this.segments(members) };
  }

  /** The one segment of an IPv4 packet without ports, or null for a field out of range. */
  private otherSegment(p: Packet): Segments | null {
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
      this.rules.forEach((r, id) => {
        if (portsMatch(r, p) && r.ranges.some((c) => c.family === 4)) members.push(id);
      });
      // Most ICMP types and codes meet the same rules: they share one index.
      const sharedKey = members.join(',');
      seg = this.othersByMembers.get(sharedKey) ?? this.segments([members]);
      this.othersByMembers.set(sharedKey, seg);
      this.others.set(key, seg);
    }
    return seg;
  }

  private segments(memberLists: readonly number[][]): Segments {
    const cells = new CellBuilder();
    const meta = new Int32Array(4 * memberLists.length);
    const iv: number[] = [];
    const buckets: number[] = [];
    const shared = new Map<string, [number, number, number]>();
    memberLists.forEach((members, s) => {
      const key = members.join(',');
      let run = shared.get(key);
      if (!run) {
        const first = iv.length / 3;
        iv.push(...this.intervals(members, cells));
        const last = iv.length / 3;
        let table = -1;
        if (last - first > BUCKETED_RUN) {
          table = buckets.length;
          buckets.push(...bucketTable(iv, first, last));
        }
        run = [first, last, table];
        shared.set(key, run);
      }
      const world = cells.cellOf(members.filter((id) => (this.rules[id] as IndexedRule).wholeFamily === 4), this.groupOf, this.indexOf);
      meta.set([...run, world], 4 * s);
    });
    return { meta, iv: Uint32Array.from(iv), buckets: Int32Array.from(buckets), cells: Int32Array.from(cells.data) };
  }

  /** Elementary IPv4 intervals of these rules (ids ascending), each with its cell; neighbours with the same cell merged. */
  private intervals(members: readonly number[], cells: CellBuilder): number[] {
    const points: number[] = [];
    for (const id of members) {
      for (const c of (this.rules[id] as IndexedRule).ranges) {
        if (c.family !== 4) continue;
        points.push(c.lo4, c.hi4 + 1);
      }
    }
    points.sort((x, y) => x - y);
    const out: number[] = [];
    for (let k = 0; k + 1 < points.length; k++) {
      const lo = points[k] as number;
      const next = points[k + 1] as number;
      if (next === lo) continue;
      const covering = members.filter((id) => (this.rules[id] as IndexedRule).ranges.some((c) => c.family === 4 && c.lo4 <= lo && lo <= c.hi4));
      const cell = cells.cellOf(covering, this.groupOf, this.indexOf);
      if (cell < 0) continue;
      const n = out.length;
      if (n > 0 && out[n - 1] === cell && (out[n - 2] as number) + 1 === lo) out[n - 2] = next - 1;
      else out.push(lo, next - 1, cell);
    }
    return out;
  }
}

function segmentOf(table: PortTable, port: number): number {
  const { ports } = table;
  let s = table.coarse[port >> 8] as number;
  while (s + 1 < ports.length && (ports[s + 1] as number) <= port) s++;
  return s;
}
