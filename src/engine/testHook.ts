/**
 * A window into the running app for end-to-end tests: `window.__stateful`.
 *
 * Installed only in development and test builds (`import.meta.env.DEV || MODE === 'test'`), so a
 * production bundle neither exposes nor ships it. Its readers change nothing; its `intents` go
 * through the same workspace methods and commands as the buttons, shortcuts and drags do.
 */
import type { NetworkDocument, RequestTraffic } from '../domain/document';
import type { ConnectionRow, ProcessRow } from '../sim/tables';
import type { FireResult } from '../sim/simulation';
import type { Command } from './commands';
import type { DispatchResult } from './store';
import type { Workspace } from './workspace';

export interface LivePacketView {
  id: string;
  kind: 'request' | 'response';
  step: string;
  from: string;
  to: string | null;
  checks: number;
  /** Where it is drawn, in page coordinates. */
  x: number;
  y: number;
}

/** What the canvas can tell the hook; canvas/RenderEngine fits. */
export interface CanvasProbe {
  rendererType(): string | null;
  nodeOnScreen(id: string): { x: number; y: number } | null;
  placedPackets(): { packet: { id: string; kind: 'request' | 'response'; step: string; from: string; to: string | null; checks: number }; x: number; y: number }[];
  activeEffects(): { kind: string; x: number; y: number }[];
  toClient(p: { x: number; y: number }): { x: number; y: number };
  readonly camera: { x: number; y: number; zoom: number };
  readonly themeName: string;
  readonly frameCost: number;
  /** Screen pixels per world unit the node views are cached at; 0 while they are drawn live. */
  readonly nodeCacheScale: number;
}

export interface StatefulIntents {
  dispatch(cmd: Command): DispatchResult;
  fire(req: Omit<RequestTraffic, 'kind' | 'at'>): FireResult;
  play(): void;
  pause(): void;
  step(): boolean;
  stepBack(): boolean;
  /** Moves simulated time ahead by `ms` (the +30 s and +5 min buttons). */
  jump(ms: number): void;
  setSpeed(speed: number): void;
  runTimeline(): void;
  resetRun(): void;
  undo(): void;
  redo(): void;
  select(ids: string[]): void;
}

export interface StatefulTestHook {
  /** The Pixi renderer in use ('webgl' | 'webgpu' | 'canvas'), or null until the canvas is ready. */
  renderer(): string | null;
  /** Number of <canvas> elements in the document (StrictMode must leave exactly one). */
  canvasCount(): number;
  documentName(): string | null;
  document(): NetworkDocument | null;
  selection(): string[];
  /** The packet the inspector follows. */
  followedPacket(): string | null;
  /** The checkpoint of the chosen process-table row, highlighted on the canvas. */
  followedCheckpoint(): { hop: string; subjectId: string } | null;
  processTable(): readonly ProcessRow[];
  connectionTable(): ConnectionRow[];
  /** Live packet actors (0 once traffic is over). */
  liveCount(): number;
  /** Packets as the last frame drew them. */
  livePackets(): LivePacketView[];
  /** Verdict signals on screen: allowed, dropped, recorded, delivered. */
  effects(): { kind: string; x: number; y: number }[];
  /** Page coordinates of a node's centre. */
  nodeOnScreen(id: string): { x: number; y: number } | null;
  camera(): { x: number; y: number; zoom: number } | null;
  theme(): string | null;
  simTime(): number;
  playback(): { playing: boolean; speed: number };
  /** Simulated ms a check and a transit take in the loaded document. */
  timing(): { checkMs: number; transitMs: number } | null;
  canUndo(): boolean;
  /** Script time of the last canvas frame, in ms. */
  frameCost(): number;
  /** Screen pixels per world unit the node views are drawn from a texture at; 0: drawn live. */
  nodeCacheScale(): number | null;
  intents: StatefulIntents;
}

declare global {
  interface Window {
    __stateful?: StatefulTestHook;
  }
}

let canvas: CanvasProbe | null = null;
let workspace: Workspace | null = null;

/** Tells the hook which workspace the app shows. */
export function publishWorkspace(ws: Workspace): void {
  workspace = ws;
}

/**
 * Tells the hook which canvas to report. Returns a detach function that only detaches this
 * probe, so a late cleanup from a discarded StrictMode mount cannot unhook the live one.
 */
export function attachCanvasProbe(probe: CanvasProbe): () => void {
  canvas = probe;
  return () => {
    if (canvas === probe) canvas = null;
  };
}

function need(): Workspace {
  if (!workspace) throw new Error('Stateful: no workspace is loaded yet');
  return workspace;
}

/** Defines `window.__stateful` when enabled; a no-op otherwise. Safe to call more than once (HMR). */
export function installTestHook(target: Window = window): void {
  // Written inline, not behind a helper: the minifier then folds it to `false` in production
  // and drops the hook's body from the bundle.
  if (!(import.meta.env.DEV || import.meta.env.MODE === 'test')) return;
  const hook: StatefulTestHook = Object.freeze({
    renderer: () => canvas?.rendererType() ?? null,
    canvasCount: () => target.document.querySelectorAll('canvas').length,
    documentName: () => workspace?.document.name ?? null,
    document: () => workspace?.document ?? null,
    selection: () => [...(workspace?.snapshot.selection ?? [])],
    followedPacket: () => workspace?.snapshot.packet ?? null,
    followedCheckpoint: () => workspace?.snapshot.checkpoint ?? null,
    processTable: () => workspace?.sim.processTable() ?? [],
    connectionTable: () => workspace?.sim.connectionTable() ?? [],
    liveCount: () => workspace?.sim.liveCount() ?? 0,
    livePackets: () =>
      (canvas?.placedPackets() ?? []).map(({ packet: p, x, y }) => {
        const c = canvas?.toClient({ x, y }) ?? { x, y };
        return { id: p.id, kind: p.kind, step: p.step, from: p.from, to: p.to, checks: p.checks, x: c.x, y: c.y };
      }),
    effects: () => (canvas?.activeEffects() ?? []).map((e) => ({ kind: e.kind, ...(canvas?.toClient(e) ?? e) })),
    nodeOnScreen: (id: string) => canvas?.nodeOnScreen(id) ?? null,
    camera: () => (canvas ? { ...canvas.camera } : null),
    theme: () => canvas?.themeName ?? null,
    simTime: () => workspace?.sim.now() ?? 0,
    playback: () => ({ playing: workspace?.snapshot.playing ?? false, speed: workspace?.snapshot.speed ?? 1 }),
    timing: () => workspace?.timing ?? null,
    canUndo: () => workspace?.store.canUndo ?? false,
    frameCost: () => canvas?.frameCost ?? 0,
    nodeCacheScale: () => canvas?.nodeCacheScale ?? null,
    intents: Object.freeze({
      dispatch: (cmd: Command) => need().dispatch(cmd),
      fire: (req: Omit<RequestTraffic, 'kind' | 'at'>) => need().fire(req),
      play: () => need().play(),
      pause: () => need().pause(),
      step: () => need().step(),
      stepBack: () => need().stepBack(),
      jump: (ms: number) => need().jump(ms),
      setSpeed: (s: number) => need().setSpeed(s),
      runTimeline: () => need().runTimeline(),
      resetRun: () => need().resetRun(),
      undo: () => need().undo(),
      redo: () => need().redo(),
      select: (ids: string[]) => need().select(ids),
    }),
  });
  Object.defineProperty(target, '__stateful', { value: hook, writable: false, enumerable: false, configurable: true });
}
