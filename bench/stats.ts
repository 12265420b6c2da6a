/** Timing helpers shared by the benchmarks: wall time from hrtime, median and percentiles. */
export function nowMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export function percentile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i] as number;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** One line of the final table: a figure, the baseline it is judged against, and the verdict. */
export interface Figure {
  bench: string;
  name: string;
  value: string;
  baseline: string;
  target: string;
  /** null: informational, no target. */
  pass: boolean | null;
}

export interface BenchReport {
  bench: string;
  figures: Figure[];
  notes: string[];
}

/** Keeps a result alive so that the JIT cannot drop the work that produced it. */
export let sink = 0;
export function consume(n: number): void {
  sink = (sink + n) | 0;
}

export function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}
