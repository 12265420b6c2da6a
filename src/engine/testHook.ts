/**
 * A read-only window into the running app for end-to-end tests: `window.__stateful`.
 *
 * Installed only in development and test builds (`import.meta.env.DEV || MODE === 'test'`), so a
 * production bundle neither exposes nor ships it. Reads only: anything that changes state must go
 * through the engine's commands like every other input.
 */
import type { ProcessRow } from '../sim/tables';
import type { Session } from './session';

export interface StatefulTestHook {
  /** The Pixi renderer in use ('webgl' | 'webgpu' | 'canvas'), or null until the canvas is ready. */
  renderer(): string | null;
  /** Number of <canvas> elements in the document (StrictMode must leave exactly one). */
  canvasCount(): number;
  /** Name of the loaded document. */
  documentName(): string | null;
  /** The process table of the loaded scenario's run. */
  processTable(): readonly ProcessRow[];
  /** Live packet actors (0 once a run is over). */
  liveCount(): number;
}

declare global {
  interface Window {
    __stateful?: StatefulTestHook;
  }
}

/** Something that can say which renderer it drew with; canvas/RenderEngine fits. */
export interface RendererProbe {
  rendererType(): string | null;
}

let rendererProbe: RendererProbe | null = null;
let session: Session | null = null;

/** Tells the hook which session the app shows. */
export function publishSession(s: Session): void {
  session = s;
}

/**
 * Tells the hook which renderer to report. Returns a detach function that only detaches this
 * probe, so a late cleanup from a discarded StrictMode mount cannot unhook the live one.
 */
export function attachRendererProbe(probe: RendererProbe): () => void {
  rendererProbe = probe;
  return () => {
    if (rendererProbe === probe) rendererProbe = null;
  };
}

/** Defines `window.__stateful` when enabled; a no-op otherwise. Safe to call more than once (HMR). */
export function installTestHook(target: Window = window): void {
  // Written inline, not behind a helper: the minifier then folds it to `false` in production
  // and drops the hook's body from the bundle.
  if (!(import.meta.env.DEV || import.meta.env.MODE === 'test')) return;
  const hook: StatefulTestHook = Object.freeze({
    renderer: () => rendererProbe?.rendererType() ?? null,
    canvasCount: () => target.document.querySelectorAll('canvas').length,
    documentName: () => session?.document.name ?? null,
    processTable: () => session?.processTable() ?? [],
    liveCount: () => session?.liveCount() ?? 0,
  });
  Object.defineProperty(target, '__stateful', { value: hook, writable: false, enumerable: false, configurable: true });
}
