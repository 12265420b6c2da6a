/**
 * Benchmark 2: script cost of one 16.7 ms frame of a busy simulation (about 5,000 packets in
 * flight): firing the requests due in the frame, `sim.advance(16.7)`, `sim.inFlight()` and placing
 * every packet, against the same placement of 5,000 plain objects with no simulation behind them.
 */
import type { NodeId } from '../src/domain/ids';
import { Simulation } from '../src/sim/simulation';
import { PacketMotion, placeBare, type BareDot, type Point } from './motion';
import { buildSimDocument, mixedRequest } from './simDocument';
import { consume, fmt, median, nowMs, percentile, type BenchReport } from './stats';

export const FRAME_MS = 16.7;
export const TARGET_FRAME_MS = 2;
const TRANSIT_MS = 2000;
/** A second run with the same live count and five times fewer lifecycles per frame. */
const SLOW_TRANSIT_MS = 10_000;
const TARGET_LIVE = 5000;
const WARM_FRAMES = 60;
const MEASURED_FRAMES = 600;

interface SimFrames {
  total: number[];
  fire: number[];
  advance: number[];
  place: number[];
  /** Total cost of the frames in which the once-per-simulated-second conntrack sweep ran. */
  sweepFrames: number[];
  live: number[];
  perFrame: number;
  fired: number;
  drops: number;
  conntrackEntries: number;
  rampFrames: number;
}

function layoutOf(positions: Record<string, { x: number; y: number }>): Map<NodeId, Point> {
  return new Map(Object.entries(positions).map(([id, p]) => [id as NodeId, p]));
}

function runSimulation(transitMs: number, out: Float32Array): SimFrames {
  const w = buildSimDocument({ transitMs });
  const sim = new Simulation(w.doc, { history: false });
  const motion = new PacketMotion(sim, layoutOf(w.doc.layout));
  let drops = 0;
  sim.subscribe((e) => {
    if (e.type === 'packet.step' && e.step.step === 'dropped') drops++;
    if (e.type === 'traffic.error') throw new Error(e.error);
  });
  // Each request lives ~transitMs there and ~transitMs back: this rate keeps TARGET_LIVE in flight.
  const lifeMs = 2 * (transitMs + 5);
  const perFrame = (TARGET_LIVE / lifeMs) * FRAME_MS;
  const rampFrames = Math.ceil(lifeMs / FRAME_MS) + WARM_FRAMES;
  const r: SimFrames = {
    total: [], fire: [], advance: [], place: [], sweepFrames: [], live: [],
    perFrame, fired: 0, drops: 0, conntrackEntries: 0, rampFrames,
  };
  let due = 0;
  for (let f = 0; f < rampFrames + MEASURED_FRAMES; f++) {
    const second = Math.floor(sim.now() / 1000);
    const t0 = nowMs();
    due += perFrame;
    for (; due >= 1; due--) sim.fireRequest(mixedRequest(w, r.fired++));
    const t1 = nowMs();
    sim.advance(FRAME_MS);
    const t2 = nowMs();
    const t3 = nowMs();
    const placed = motion.place(sim.now(), out);
    const t4 = nowMs();
    if (f < rampFrames) continue;
    r.total.push(t4 - t0);
    r.fire.push(t1 - t0);
    r.advance.push(t2 - t1);
    r.place.push(t4 - t3);
    r.live.push(placed);
    if (Math.floor(sim.now() / 1000) !== second) r.sweepFrames.push(t4 - t0);
  }
  r.drops = drops;
  r.conntrackEntries = sim.conntrack.size();
  return r;
}

function runBare(points: readonly Point[], out: Float32Array): number[] {
  const dots: BareDot[] = Array.from({ length: TARGET_LIVE }, (_, i) => ({
    from: points[i % points.length] as Point,
    to: points[(i * 7 + 3) % points.length] as Point,
    start: -((i * 37) % TRANSIT_MS),
    duration: TRANSIT_MS,
  }));
  const times: number[] = [];
  let now = 0;
  for (let f = 0; f < WARM_FRAMES + MEASURED_FRAMES; f++) {
    const t0 = nowMs();
    now += FRAME_MS;
    consume(placeBare(dots, now, out));
    if (f >= WARM_FRAMES) times.push(nowMs() - t0);
  }
  return times;
}

export function frameBench(): BenchReport {
  const out = new Float32Array(2 * 20_000);
  const busy = runSimulation(TRANSIT_MS, out);
  const bare = runBare([...layoutOf(buildSimDocument().doc.layout).values()], out);
  const slow = runSimulation(SLOW_TRANSIT_MS, out);

  const ms = (v: number): string => `${v.toFixed(3)} ms`;
  const mp = (v: readonly number[]): string => `${ms(median(v))} (p95 ${ms(percentile(v, 0.95))})`;
  const med = median(busy.total);
  const p95 = percentile(busy.total, 0.95);
  const describe = (label: string, transitMs: number, r: SimFrames): string[] => [
    `${label}: transitMs ${fmt(transitMs)}, ${fmt(r.perFrame, 1)} requests per ${FRAME_MS} ms frame (${fmt(r.fired)} fired, ${r.drops} dropped), live packets min ${Math.min(...r.live)} / median ${median(r.live)} / max ${Math.max(...r.live)}`,
    `  per frame: fire ${mp(r.fire)}, advance ${mp(r.advance)}, read and place live packets ${mp(r.place)}`,
    `  total ${mp(r.total)}, max ${ms(Math.max(...r.total))}; the ${r.sweepFrames.length} frames with a conntrack sweep: median ${ms(median(r.sweepFrames))}; ${fmt(r.conntrackEntries)} conntrack entries at the end`,
  ];
  return {
    bench: 'frame',
    figures: [
      { bench: 'frame', name: 'frame script cost, median', value: ms(med), baseline: `bare 5,000 dots ${ms(median(bare))}`, target: `< ${TARGET_FRAME_MS} ms`, pass: med < TARGET_FRAME_MS },
      { bench: 'frame', name: 'frame script cost, p95', value: ms(p95), baseline: `bare 5,000 dots ${ms(percentile(bare, 0.95))}`, target: `< ${TARGET_FRAME_MS} ms`, pass: p95 < TARGET_FRAME_MS },
      {
        bench: 'frame', name: `frame median, transitMs ${fmt(SLOW_TRANSIT_MS)} (5x fewer lifecycles)`, value: ms(median(slow.total)),
        baseline: `bare 5,000 dots ${ms(median(bare))}`, target: 'info', pass: null,
      },
    ],
    notes: [
      ...describe('busy', TRANSIT_MS, busy),
      ...describe('slow', SLOW_TRANSIT_MS, slow),
      `bare baseline: 5,000 plain objects interpolated between the same node positions, ${mp(bare)}; ${MEASURED_FRAMES} measured frames each, after ramp-up and ${WARM_FRAMES} warm-up frames`,
    ],
  };
}
