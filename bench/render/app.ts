/**
 * The app page of the render benchmark: the 300-node document in a Workspace drawn by a
 * RenderEngine on a full-window element, as CanvasHost does, with 5,000 packets kept in flight.
 * The live count is filled before the engine starts (fired over one lifecycle of simulated time,
 * so that ages, and therefore ends, are spread evenly); afterwards each frame fires as many
 * requests as lifecycles ended, through `workspace.fire` like the fire tool, inside the timed frame.
 */
import { bench, onFrame } from './measure';
import { sceneGeometry } from '../../src/canvas/geometry';
import { RenderEngine } from '../../src/canvas/RenderEngine';
import { SLOW_MOTION, Workspace } from '../../src/engine/workspace';
import { buildRenderDocument, renderRequest } from './renderDocument';
import { Simulation } from '../../src/sim/simulation';
import { SPRITES, TRANSIT_MS } from './shared';

/** A frame after a stall must not fire a burst that ends, in step, one lifecycle later. */
const MAX_FIRED_PER_FRAME = 100;
/**
 * Real ms each frame hands to `workspace.tick`: one 60 Hz frame. Software WebGL draws this page a
 * few times a second, and passing the real interval would make every frame carry the simulated
 * time (and the packet lifecycles) of ten or more real frames of the app on a GPU.
 */
export const FRAME_REAL_MS = 1000 / 60;
/**
 * Simulated ms between two batches of the initial fill: the simulated length of one frame. A
 * coarser step (4 ms was tried) puts every lifecycle on a grid, and their steps and ends then
 * come all at once every few frames instead of a few in each frame.
 */
const FILL_STEP_MS = FRAME_REAL_MS / SLOW_MOTION;

/**
 * Mean simulated length of a request/response lifecycle of the mix, measured on a throw-away
 * simulation rather than written down: it follows the document's settings (transit, check time).
 */
function lifecycleMs(work: ReturnType<typeof buildRenderDocument>): number {
  const probe = new Simulation(work.doc, { history: false });
  const kinds = 8;
  for (let n = 0; n < kinds; n++) probe.fireRequest(renderRequest(work, n));
  let total = 0;
  let t = 0;
  for (let live = probe.liveCount(); live > 0 && t < 60_000; ) {
    probe.advance(1);
    t++;
    const now = probe.liveCount();
    total += (live - now) * t;
    live = now;
  }
  probe.stop();
  return total / kinds;
}

async function main(): Promise<void> {
  const host = document.getElementById('host');
  if (!host) throw new Error('app.html has no #host');
  const work = buildRenderDocument({ transitMs: TRANSIT_MS });
  const ws = new Workspace(work.doc);
  let fired = 0;
  const fire = (): void => {
    const r = ws.fire(renderRequest(work, fired++));
    if (!r.ok) throw new Error(`request ${fired - 1} refused: ${r.error}`);
  };

  // Filled before the engine listens: its per-step handler would make the fill quadratic.
  const life = lifecycleMs(work);
  const perStep = Math.ceil((SPRITES * FILL_STEP_MS) / life);
  for (let t = 0; t < life; t += FILL_STEP_MS) {
    for (let k = 0; k < perStep && ws.sim.liveCount() < SPRITES; k++) fire();
    ws.jump(FILL_STEP_MS);
  }
  while (ws.sim.liveCount() < SPRITES) fire();

  let fireMs = 0;
  let firedInFrame = 0;
  let tickMs = 0;
  const tick = ws.tick.bind(ws);
  ws.tick = (): void => {
    const t0 = performance.now();
    tick(FRAME_REAL_MS);
    tickMs += performance.now() - t0;
  };

  const engine = new RenderEngine(host, { preference: 'webgl', workspace: ws, theme: 'dark', reducedMotion: false });
  onFrame({
    before: () => {
      const t0 = performance.now();
      const due = Math.min(MAX_FIRED_PER_FRAME, SPRITES - ws.sim.liveCount());
      for (let k = 0; k < due; k++) fire();
      firedInFrame = Math.max(0, due);
      fireMs = performance.now() - t0;
    },
    after: () => {
      const r = { fire: fireMs, fired: firedInFrame, tick: tickMs, engine: engine.frameCost, live: ws.sim.liveCount() };
      tickMs = 0;
      return r;
    },
  });
  await engine.init();
  bench.info.nodes = sceneGeometry(ws.document).nodes.size;
  bench.info.renderer = engine.rendererType() ?? 'none';
  bench.info.filled = fired;
  bench.info.lifecycleMs = life;
  bench.info.isolated = String(crossOriginIsolated);
  bench.ready = true;
}

main().catch((error: unknown) => {
  bench.error = error instanceof Error ? error.stack ?? error.message : String(error);
});
