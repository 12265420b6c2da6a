/**
 * Benchmark 3: 100,000 request/response lifecycles through one Simulation (history off), then
 * idle: every actor must be gone, every connection-tracking entry idled out and swept, and the
 * heap back where it was after a 1,000-lifecycle warm-up.
 */
import { Simulation } from '../src/sim/simulation';
import { buildSimDocument, shortLivedRequest } from './simDocument';
import { fmt, nowMs, type BenchReport } from './stats';

export const LIFECYCLES = 100_000;
const WARM_UP = 1_000;
const BATCH = 2_000;
/** Simulated time between batches: entries of earlier batches idle out while later ones run. */
const BATCH_GAP_MS = 1_000;
/** ICMP echo and UDP entries idle out after 30 s; the sweep runs once per simulated second. */
const EXPIRE_MS = 32_000;
export const TARGET_HEAP_GROWTH = 0.1;

function collect(): number {
  const gc = globalThis.gc;
  if (!gc) throw new Error('the soak needs --expose-gc (npm run bench passes it)');
  for (let i = 0; i < 3; i++) gc();
  return process.memoryUsage().heapUsed;
}

export function soakBench(): BenchReport {
  const w = buildSimDocument();
  const sim = new Simulation(w.doc, { history: false });
  let completed = 0;
  let dropped = 0;
  sim.subscribe((e) => {
    if (e.type === 'traffic.error') throw new Error(e.error);
    if (e.type !== 'packet.step') return;
    if (e.step.step === 'dropped') dropped++;
    else if (e.step.step === 'delivered' && e.step.kind === 'response') completed++;
  });
  let fired = 0;
  let peakEntries = 0;
  let peakLive = 0;
  const run = (count: number): void => {
    for (let done = 0; done < count; done += BATCH) {
      const n = Math.min(BATCH, count - done);
      for (let i = 0; i < n; i++) sim.fireRequest(shortLivedRequest(w, fired++));
      peakLive = Math.max(peakLive, sim.liveCount());
      sim.runUntilIdle();
      peakEntries = Math.max(peakEntries, sim.conntrack.size());
      sim.advance(BATCH_GAP_MS);
    }
  };

  run(WARM_UP);
  sim.advance(EXPIRE_MS);
  const entriesBefore = sim.conntrack.size();
  const heapBefore = collect();

  const t0 = nowMs();
  run(LIFECYCLES);
  sim.runUntilIdle();
  const wallMs = nowMs() - t0;
  const live = sim.liveCount();
  const entriesAtEnd = sim.conntrack.size();
  sim.advance(EXPIRE_MS);
  const entriesAfter = sim.conntrack.size();
  const pending = sim.clock.pending();
  const heapAfter = collect();

  if (live !== 0) throw new Error(`liveCount() is ${live} after runUntilIdle, expected 0`);
  if (pending !== 0) throw new Error(`${pending} timers still pending after runUntilIdle`);
  if (completed !== WARM_UP + LIFECYCLES || dropped !== 0) {
    throw new Error(`expected ${WARM_UP + LIFECYCLES} completed lifecycles and no drops, got ${completed} and ${dropped} drops`);
  }
  const growth = (heapAfter - heapBefore) / heapBefore;
  const mb = (b: number): string => `${(b / 1048576).toFixed(2)} MB`;
  return {
    bench: 'soak',
    figures: [
      {
        bench: 'soak', name: `heap after ${fmt(LIFECYCLES)} lifecycles`, value: `${mb(heapAfter)} (${growth >= 0 ? '+' : ''}${(100 * growth).toFixed(1)}%)`,
        baseline: `after warm-up ${mb(heapBefore)}`, target: `<= +${100 * TARGET_HEAP_GROWTH}%`, pass: growth <= TARGET_HEAP_GROWTH,
      },
      { bench: 'soak', name: 'liveCount() after runUntilIdle', value: String(live), baseline: '-', target: '0', pass: live === 0 },
      { bench: 'soak', name: 'conntrack entries after idling out', value: String(entriesAfter), baseline: `after warm-up ${entriesBefore}`, target: '0', pass: entriesAfter === 0 },
      { bench: 'soak', name: 'lifecycles per second (wall)', value: fmt((LIFECYCLES / wallMs) * 1000), baseline: '-', target: 'info', pass: null },
    ],
    notes: [
      `${fmt(LIFECYCLES)} ping and DNS request/response lifecycles in batches of ${fmt(BATCH)} (${fmt(BATCH_GAP_MS)} ms simulated gap), history off; ${fmt(wallMs / 1000, 1)} s wall, ${fmt((1000 * wallMs) / LIFECYCLES, 1)} us per lifecycle`,
      `peak live packets ${fmt(peakLive)}, peak connection-tracking entries ${fmt(peakEntries)}, ${fmt(entriesAtEnd)} when traffic stopped, ${entriesAfter} after ${EXPIRE_MS / 1000} s more of simulated time; timers pending ${pending}`,
    ],
  };
}
