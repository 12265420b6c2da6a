import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildLine, rowAt, type Span } from './bitLine';

/** The bits a line gives value v, as `word:bit` strings. */
function bitsAt(line: NonNullable<ReturnType<typeof buildLine>>, stride: number, v: number): string[] {
  const at = rowAt(line, v);
  const out: string[] = [];
  for (let w = 0; w < stride; w++) for (let b = 0; b < 32; b++) if (((line.words[at + w] as number) >>> b) & 1) out.push(`${w}:${b}`);
  return out;
}

/** The same read straight off the spans. */
function expected(spans: readonly Span[], v: number): string[] {
  const set = new Set(spans.filter((s) => s.lo <= v && v <= s.hi).map((s) => `${s.word}:${s.bit}`));
  return [...set].sort((a, b) => Number(a.split(':')[0]) - Number(b.split(':')[0]) || Number(a.split(':')[1]) - Number(b.split(':')[1]));
}

describe('a line of the bit index', () => {
  it('keeps a bit set while any of its overlapping spans covers the value', () => {
    // Bit 0:3 has two overlapping spans (a prefix list with overlapping entries, say).
    const spans: Span[] = [{ lo: 10, hi: 20, word: 0, bit: 3 }, { lo: 15, hi: 30, word: 0, bit: 3 }, { lo: 25, hi: 25, word: 1, bit: 31 }];
    const line = buildLine(spans, 65535, 8, 2, { words: 1000 });
    if (!line) throw new Error('no line');
    for (const v of [0, 9, 10, 15, 20, 21, 24, 25, 26, 30, 31, 65535]) expect(bitsAt(line, 2, v)).toEqual(expected(spans, v));
  });

  it('reads every value as the spans do, on the address line with crowded first bytes', () => {
    const span = fc.record({ base: fc.constantFrom(0x0a000000, 0x0a010000, 0xc0a80000, 0xfffffff0, 0), size: fc.integer({ min: 0, max: 70000 }), off: fc.integer({ min: 0, max: 4096 }), word: fc.integer({ min: 0, max: 2 }), bit: fc.integer({ min: 0, max: 31 }) })
      .map(({ base, size, off, word, bit }) => ({ lo: Math.min(0xffffffff, base + off), hi: Math.min(0xffffffff, base + off + size), word, bit }));
    fc.assert(
      fc.property(fc.array(span, { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 10 }), (spans, extra) => {
        const line = buildLine(spans, 0xffffffff, 24, 3, { words: 1 << 16 });
        if (!line) throw new Error('no line');
        const probes = [...extra, 0, 0xffffffff, ...spans.flatMap((s) => [s.lo, s.hi, Math.max(0, s.lo - 1), Math.min(0xffffffff, s.hi + 1)])];
        for (const v of probes) expect(bitsAt(line, 3, v)).toEqual(expected(spans, v));
      }),
      { numRuns: 200 },
    );
  });

  it('gives up, rather than pass its budget, when the distinct rows need more words', () => {
    // Ten disjoint spans, each its own bit: 11 distinct rows (with the empty one) of 1 word.
    const spans: Span[] = Array.from({ length: 10 }, (_, i) => ({ lo: 100 * i, hi: 100 * i + 10, word: 0, bit: i }));
    expect(buildLine(spans, 65535, 8, 1, { words: 10 })).toBeNull();
    expect(buildLine(spans, 65535, 8, 1, { words: 11 })).not.toBeNull();
  });
});
