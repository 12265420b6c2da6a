/**
 * The IPv4 rules of every security group of a document, for one direction, as bit sets: one set
 * for the packet's protocol and port, one for its remote address, each a bit per rule. A rule
 * covers the packet when its bit is in both. Each group's rules take a run of whole 32-bit words,
 * so an ENI's verdict reads its own groups' words, in its own group order, and the first set bit
 * of the first group with one names the rule a scan in that order names (rule 2: any match
 * allows; the verdict names the first match in group order).
 *
 * The two lookups are independent: the port line and the address line are each cut into
 * elementary intervals, and each interval points to its row of words. Identical rows are stored
 * once. A verdict is two searches and a few word ANDs, without a branch per rule.
 *
 * One index serves every ENI of the document: ENIs share groups, and an index per ENI would hold
 * the same rules many times over (eight in the evaluator benchmark) and crowd the cache.
 *
 * The rows grow with the number of rules times the number of intervals, so a document whose
 * index would pass `BUDGET_WORDS` gets none (`build` returns null) and its verdicts scan the ENI's
 * rules, the reference reading. Measured in docs/performance.md, section 1.
 */
import type { Packet } from './packet';
import { ALL, ICMP, ICMPV6, TCP, UDP } from './protocol';
import { portsMatch, type CompiledSgRule } from './sgRule';

/** A rule as the index needs it: its group's rules are given in order, so its position is its index. */
export type IndexedRule = Pick<CompiledSgRule, 'protocol' | 'fromPort' | 'toPort' | 'icmpType' | 'icmpCode' | 'ranges'>;

/**
 * What an ENI reads of the index, in its group order: `words[j]` is the index's word j-th in
 * that order, and `bases[j]` the position, among the ENI's rules, of the rule of that word's
 * bit 0. Built once per ENI by `BitIndex.plan`.
 */
export interface EniPlan {
  words: Int32Array;
  bases: Int32Array;
}

/** `BitIndex.first` when the packet's fields are outside what the index holds: scan the rules. */
export const NOT_INDEXED = -2;

/** The rows of one index (its address line, port lines and other protocols) may take this many 32-bit words (4 MiB). */
export const BUDGET_WORDS = 1 << 20;

/** Cap on the rows kept for protocols without ports (and ICMP types and codes). */
const MAX_OTHER_ROWS = 256;

/**
 * A line (ports, or IPv4 addresses) cut into intervals. Interval k starts at `starts[k]` and runs
 * to the next start; `rows[k]` is the offset of its row in the line's `words`.
 *
 * The search for a value v starts from tables by its top byte and, where that byte's stretch of
 * the line holds many intervals, by its next byte: `coarse[b]` is the last interval starting at
 * or before `b << shift` (b = 0..256); `dense[b]` is -1 or the offset in `fine` of the byte's own
 * 257 entries, the same by `(v >>> fineShift) & 255`.
 */
interface Line {
  starts: Uint32Array;
  rows: Int32Array;
  shift: number;
  coarse: Int32Array;
  fineShift: number;
  dense: Int32Array;
  fine: Int32Array;
  words: Int32Array;
}

/** A byte's stretch of a line with more intervals than this gets a table by the next byte. */
const DENSE = 8;

/** The last of `starts` (ascending, from 0) at or before each of the 257 steps from `from` by `step`. */
function stepTable(starts: readonly number[], from: number, step: number, k: number): number[] {
  const out: number[] = [];
  for (let j = 0; j <= 256; j++) {
    const at = from + j * step;
    while (k + 1 < starts.length && (starts[k + 1] as number) <= at) k++;
    out.push(k);
  }
  return out;
}

/** A span of a line covered by one rule's bit. */
interface Span {
  lo: number;
  hi: number;
  word: number;
  bit: number;
}

/** What is left of an index's budget, in words. */
interface Budget {
  words: number;
}

/** A 32-bit hash of one bit of a row; a row's hash is the XOR of its set bits' (so a flip updates it). */
function bitHash(bit: number): number {
  let x = Math.imul(bit ^ 0x9e3779b9, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/** Stores rows of `stride` words, each distinct row once, within a budget. */
class RowStore {
  private data = new Int32Array(1024);
  private length = 0;
  /** Offsets of the stored rows, by their hash. */
  private readonly byHash = new Map<number, number[]>();

  constructor(
    private readonly stride: number,
    private readonly budget: Budget,
  ) {}

  /** The offset of `row` (whose hash is `hash`), or -1 when storing it would pass the budget. */
  offsetOf(row: Int32Array, hash: number): number {
    const stride = this.stride;
    let offsets = this.byHash.get(hash);
    if (offsets) {
      for (const at of offsets) {
        let i = 0;
        while (i < stride && this.data[at + i] === row[i]) i++;
        if (i === stride) return at;
      }
    } else this.byHash.set(hash, (offsets = []));
    if (this.budget.words < stride) return -1;
    this.budget.words -= stride;
    const at = this.length;
    if (at + stride > this.data.length) {
      const grown = new Int32Array(Math.max(2 * this.data.length, at + stride));
      grown.set(this.data);
      this.data = grown;
    }
    this.data.set(row, at);
    this.length += stride;
    offsets.push(at);
    return at;
  }

  words(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/**
 * Cuts [0, max] at every span's ends and gives each interval the row of the spans covering it,
 * sweeping the ends in order with a count per bit (spans of one bit may overlap). Null when the
 * rows would pass the budget.
 */
function buildLine(spans: readonly Span[], max: number, shift: number, stride: number, budget: Budget): Line | null {
  const events: [number, number][] = [];
  spans.forEach((s, i) => {
    // A reversed range (a port range written backwards) covers nothing, as the scan reads it.
    if (s.hi < s.lo) return;
    events.push([s.lo, i]);
    if (s.hi < max) events.push([s.hi + 1, ~i]);
  });
  events.sort((a, b) => a[0] - b[0]);
  const store = new RowStore(stride, budget);
  const row = new Int32Array(stride);
  /** Per bit, how many of its spans cover the current point. */
  const counts = new Int32Array(32 * stride);
  let hash = 0;
  const starts: number[] = [];
  const rows: number[] = [];
  let e = 0;
  let at = 0;
  for (;;) {
    while (e < events.length && (events[e] as [number, number])[0] === at) {
      const code = (events[e] as [number, number])[1];
      const s = spans[code < 0 ? ~code : code] as Span;
      const key = s.word * 32 + s.bit;
      const before = counts[key] as number;
      const n = before + (code < 0 ? -1 : 1);
      counts[key] = n;
      if ((before === 0) !== (n === 0)) {
        row[s.word] = (row[s.word] as number) ^ (1 << s.bit);
        hash ^= bitHash(key);
      }
      e++;
    }
    const offset = store.offsetOf(row, hash);
    if (offset < 0) return null;
    // Neighbours with the same row are one interval.
    if (rows.length === 0 || rows[rows.length - 1] !== offset) {
      starts.push(at);
      rows.push(offset);
    }
    if (e >= events.length) break;
    at = (events[e] as [number, number])[0];
  }
  const coarse = stepTable(starts, 0, 2 ** shift, 0);
  const fineShift = shift - 8;
  const dense = new Int32Array(256).fill(-1);
  const fine: number[] = [];
  for (let b = 0; b < 256; b++) {
    if ((coarse[b + 1] as number) - (coarse[b] as number) <= DENSE) continue;
    dense[b] = fine.length;
    fine.push(...stepTable(starts, b * 2 ** shift, 2 ** fineShift, coarse[b] as number));
  }
  return {
    starts: Uint32Array.from(starts), rows: Int32Array.from(rows), shift, coarse: Int32Array.from(coarse),
    fineShift, dense, fine: Int32Array.from(fine), words: store.words(),
  };
}

/** Offset in `line.words` of the row of the interval holding v. */
function rowAt(line: Line, v: number): number {
  const b = v >>> line.shift;
  let lo: number;
  let hi: number;
  const t = line.dense[b] as number;
  if (t < 0) {
    lo = line.coarse[b] as number;
    hi = line.coarse[b + 1] as number;
  } else {
    const j = t + ((v >>> line.fineShift) & 255);
    lo = line.fine[j] as number;
    hi = line.fine[j + 1] as number;
  }
  const starts = line.starts;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= v) lo = mid;
    else hi = mid - 1;
  }
  return line.rows[lo] as number;
}

/** Index of the lowest set bit of a non-zero word. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

function byte(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 255;
}

/** The spans of the port line of TCP or UDP: each rule of that protocol over its ports, "all traffic" over every port. */
function portSpans(groups: readonly (readonly IndexedRule[])[], first: Int32Array, protocol: number): Span[] {
  const spans: Span[] = [];
  groups.forEach((rules, g) => {
    rules.forEach((r, i) => {
      const word = (first[g] as number) + (i >> 5);
      if (r.protocol === protocol) spans.push({ lo: r.fromPort, hi: r.toPort, word, bit: i & 31 });
      else if (r.protocol === ALL) spans.push({ lo: 0, hi: 65535, word, bit: i & 31 });
    });
  });
  return spans;
}

export class BitIndex {
  private readonly others = new Map<number, Int32Array>();

  private constructor(
    private readonly groups: readonly (readonly IndexedRule[])[],
    /** Each group's first word in a row, and its number of words. */
    private readonly firstWord: Int32Array,
    private readonly wordCount: Int32Array,
    private readonly stride: number,
    private readonly address: Line,
    private readonly tcp: Line,
    private readonly udp: Line,
  ) {}

  /** The index of these groups' rules (`groups[g]`: group ordinal g's rules, in order), or null past the budget. */
  static build(groups: readonly (readonly IndexedRule[])[]): BitIndex | null {
    const first = new Int32Array(groups.length);
    const count = new Int32Array(groups.length);
    let stride = 0;
    groups.forEach((rules, g) => {
      first[g] = stride;
      count[g] = Math.ceil(rules.length / 32);
      stride += count[g] as number;
    });
    const spans: Span[] = [];
    groups.forEach((rules, g) => {
      rules.forEach((r, i) => {
        for (const c of r.ranges) if (c.family === 4) spans.push({ lo: c.lo4, hi: c.hi4, word: (first[g] as number) + (i >> 5), bit: i & 31 });
      });
    });
    // The rows of other protocols are made as traffic needs them: their cap is set aside first.
    const budget: Budget = { words: BUDGET_WORDS - MAX_OTHER_ROWS * stride };
    if (budget.words < 0) return null;
    const address = buildLine(spans, 0xffffffff, 24, stride, budget);
    const tcp = address && buildLine(portSpans(groups, first, TCP), 65535, 8, stride, budget);
    const udp = tcp && buildLine(portSpans(groups, first, UDP), 65535, 8, stride, budget);
    return address && tcp && udp ? new BitIndex(groups, first, count, stride, address, tcp, udp) : null;
  }

  /**
   * The plan of an ENI with these groups (ordinals, in the ENI's order), whose rules start at
   * `starts[pos]` among the ENI's rules.
   */
  plan(groups: Int32Array, starts: Int32Array): EniPlan {
    const words: number[] = [];
    const bases: number[] = [];
    groups.forEach((g, pos) => {
      for (let k = 0; k < (this.wordCount[g] as number); k++) {
        words.push((this.firstWord[g] as number) + k);
        bases.push((starts[pos] as number) + 32 * k);
      }
    });
    return { words: Int32Array.from(words), bases: Int32Array.from(bases) };
  }

  /**
   * The position, among an ENI's rules, of the first that covers an IPv4 packet from or to `addr`;
   * -1 when none does, `NOT_INDEXED` when the packet's fields are outside the index.
   */
  first(p: Packet, addr: number, plan: EniPlan): number {
    let ports: Int32Array;
    let po: number;
    if (p.protocol === TCP || p.protocol === UDP) {
      if (!(p.dstPort >= 0 && p.dstPort <= 65535)) return NOT_INDEXED;
      const line = p.protocol === TCP ? this.tcp : this.udp;
      ports = line.words;
      po = rowAt(line, p.dstPort);
    } else {
      const row = this.otherRow(p);
      if (!row) return NOT_INDEXED;
      ports = row;
      po = 0;
    }
    const a = this.address;
    const aw = a.words;
    const ao = rowAt(a, addr);
    const { words, bases } = plan;
    for (let j = 0; j < words.length; j++) {
      const w = words[j] as number;
      const x = (ports[po + w] as number) & (aw[ao + w] as number);
      if (x !== 0) return (bases[j] as number) + lowestBit(x);
    }
    return -1;
  }

  private eachRule(fn: (r: IndexedRule, word: number, bit: number) => void): void {
    this.groups.forEach((rules, g) => rules.forEach((r, i) => fn(r, (this.firstWord[g] as number) + (i >> 5), i & 31)));
  }

  /** The row of an IPv4 packet without ports, or null for a field out of range or past the cap. */
  private otherRow(p: Packet): Int32Array | null {
    const icmp = p.protocol === ICMP || p.protocol === ICMPV6;
    const type = icmp ? p.icmpType : 0;
    const code = icmp ? p.icmpCode : 0;
    if (!(byte(p.protocol) && byte(type) && byte(code))) return null;
    const key = (p.protocol * 256 + type) * 256 + code;
    let row = this.others.get(key);
    if (!row) {
      // Traffic that tries every type and code pair gets scans past this many, not unbounded memory.
      if (this.others.size >= MAX_OTHER_ROWS) return null;
      const made = new Int32Array(this.stride);
      this.eachRule((r, word, bit) => {
        if (portsMatch(r, p)) made[word] = (made[word] as number) | (1 << bit);
      });
      row = made;
      this.others.set(key, row);
    }
    return row;
  }
}
