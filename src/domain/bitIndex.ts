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
import { buildLine, rowAt, type Budget, type Line, type Span } from './bitLine';
import { portsMatch, type CompiledSgRule } from './sgRule';

/** A rule as the index needs it: its group's rules are given in order, so its position is its index. */
type IndexedRule = Pick<CompiledSgRule, 'protocol' | 'fromPort' | 'toPort' | 'icmpType' | 'icmpCode' | 'ranges'>;

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
const BUDGET_WORDS = 1 << 20;

/** Cap on the rows kept for protocols without ports (and ICMP types and codes). */
const MAX_OTHER_ROWS = 256;

/** Index of the lowest set bit of a non-zero word. */
function lowestBit(x: number): number {
  return 31 - Math.clz32(x & -x);
}

function byte(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n <= 255;
}

type Groups = readonly (readonly IndexedRule[])[];

/** Calls `fn` for every rule with its word in a row (group g's run starts at `firstWord[g]`) and its bit in that word. */
function eachRule(groups: Groups, firstWord: Int32Array, fn: (r: IndexedRule, word: number, bit: number) => void): void {
  groups.forEach((rules, g) => rules.forEach((r, i) => fn(r, (firstWord[g] as number) + (i >> 5), i & 31)));
}

/** The spans of the port line of TCP or UDP: each rule of that protocol over its ports, "all traffic" over every port. */
function portSpans(groups: Groups, firstWord: Int32Array, protocol: number): Span[] {
  const spans: Span[] = [];
  eachRule(groups, firstWord, (r, word, bit) => {
    if (r.protocol === protocol) spans.push({ lo: r.fromPort, hi: r.toPort, word, bit });
    else if (r.protocol === ALL) spans.push({ lo: 0, hi: 65535, word, bit });
  });
  return spans;
}

export class BitIndex {
  private readonly others = new Map<number, Int32Array>();

  private constructor(
    private readonly groups: Groups,
    /** Each group's first word in a row, and its number of words. */
    private readonly firstWord: Int32Array,
    private readonly wordCount: Int32Array,
    private readonly stride: number,
    private readonly address: Line,
    private readonly tcp: Line,
    private readonly udp: Line,
  ) {}

  /** The index of these groups' rules (`groups[g]`: group ordinal g's rules, in order), or null past the budget. */
  static build(groups: Groups): BitIndex | null {
    const first = new Int32Array(groups.length);
    const count = new Int32Array(groups.length);
    let stride = 0;
    groups.forEach((rules, g) => {
      first[g] = stride;
      count[g] = Math.ceil(rules.length / 32);
      stride += count[g] as number;
    });
    const spans: Span[] = [];
    eachRule(groups, first, (r, word, bit) => {
      for (const c of r.ranges) if (c.family === 4) spans.push({ lo: c.lo4, hi: c.hi4, word, bit });
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
      eachRule(this.groups, this.firstWord, (r, word, bit) => {
        if (portsMatch(r, p)) made[word] = (made[word] as number) | (1 << bit);
      });
      row = made;
      this.others.set(key, row);
    }
    return row;
  }
}
