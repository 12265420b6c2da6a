/**
 * One line of a bit-set rule index (`bitIndex.ts`): the ports of a protocol, or the IPv4 address
 * space, cut into intervals at every rule's ends, each interval with its row of bits (one per rule
 * covering it). Rows are stored once however many intervals share them, within a budget of words.
 */

/**
 * A line (ports, or IPv4 addresses) cut into intervals. Interval k starts at `starts[k]` and runs
 * to the next start; `rows[k]` is the offset of its row in the line's `words`.
 *
 * The search for a value v starts from tables by its top byte and, where that byte's stretch of
 * the line holds many intervals, by its next byte: `coarse[b]` is the last interval starting at
 * or before `b << shift` (b = 0..256); `dense[b]` is -1 or the offset in `fine` of the byte's own
 * 257 entries, the same by `(v >>> fineShift) & 255`.
 */
export interface Line {
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
export interface Span {
  lo: number;
  hi: number;
  word: number;
  bit: number;
}

/** What is left of an index's budget, in words. */
export interface Budget {
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
export function buildLine(spans: readonly Span[], max: number, shift: number, stride: number, budget: Budget): Line | null {
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
export function rowAt(line: Line, v: number): number {
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
