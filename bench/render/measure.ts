/**
 * Script time per frame, measured the same way on both render pages: every requestAnimationFrame
 * callback is wrapped, and the callbacks that share a frame timestamp add up to one frame. Pixi's
 * ticker runs from one such callback, so a frame holds the whole ticker (the app's workspace tick,
 * packet placement and `app.render()`), plus whatever the page does in `beforeFrame`.
 *
 * Wrapping requestAnimationFrame rather than adding ticker callbacks puts the same boundary around
 * both pages without reaching into RenderEngine's private Application. This module must be
 * imported before pixi.js starts a ticker, so each page imports it first.
 */

/** What the Node side of the benchmark reads from the page. */
export interface BenchState {
  /** The page has built everything and frames are being drawn. */
  ready: boolean;
  /** Set by the harness after the warm-up; frames are kept only while it is true. */
  recording: boolean;
  /** Script ms of each recorded frame. */
  frames: number[];
  /** Real ms between the recorded frame and the one before it. */
  intervals: number[];
  /** Per-frame breakdowns a page adds (same length as `frames`). */
  series: Record<string, number[]>;
  /** Figures the page reports once (node count, renderer). */
  info: Record<string, number | string>;
  error: string | null;
}

declare global {
  interface Window {
    __bench: BenchState;
  }
}

export const bench: BenchState = { ready: false, recording: false, frames: [], intervals: [], series: {}, info: {}, error: null };
window.__bench = bench;
window.addEventListener('error', (e) => {
  bench.error = String(e.message);
});
window.addEventListener('unhandledrejection', (e) => {
  bench.error = String(e.reason);
});

/** Work a page does at the start of each frame, timed as part of it (the app fires requests here). */
let beforeFrame: (() => void) | null = null;
/** Per-frame figures a page reports when a frame closes; keys become `bench.series` entries. */
let afterFrame: (() => Record<string, number>) | null = null;

export function onFrame(hooks: { before?: () => void; after?: () => Record<string, number> }): void {
  beforeFrame = hooks.before ?? null;
  afterFrame = hooks.after ?? null;
}

let frameTs = Number.NaN;
let frameMs = 0;
let lastClosedTs = Number.NaN;

function closeFrame(): void {
  if (Number.isNaN(frameTs)) return;
  const extra = afterFrame?.();
  if (bench.recording) {
    bench.frames.push(frameMs);
    bench.intervals.push(Number.isNaN(lastClosedTs) ? Number.NaN : frameTs - lastClosedTs);
    if (extra) for (const [k, v] of Object.entries(extra)) (bench.series[k] ??= []).push(v);
  }
  lastClosedTs = frameTs;
}

const native = window.requestAnimationFrame.bind(window);
window.requestAnimationFrame = (callback: FrameRequestCallback): number =>
  native((ts) => {
    const t0 = performance.now();
    if (ts !== frameTs) {
      // The first callback of a new frame: the previous frame is complete.
      closeFrame();
      frameTs = ts;
      frameMs = 0;
      beforeFrame?.();
    }
    callback(ts);
    frameMs += performance.now() - t0;
  });
