/**
 * The composition root of the live app: the document store (every edit as a command, with undo),
 * the simulation that plays the document, playback (pause, step, speed) and the selection. The
 * canvas and the panels read it and call its methods; nothing else changes state.
 *
 * One clock: the simulation's. The canvas's ticker calls `tick(realMs)`, which advances simulated
 * time by the real time scaled by the speed; tests and steps move the same clock directly.
 */
import type { HopName, NetworkDocument, RequestTraffic, ServiceName } from '../domain/document';
import type { NodeId } from '../domain/ids';
import { resolveSettings } from '../domain/settings';
import type { FireResult, Simulation } from '../sim/simulation';
import { Run } from './run';
import type { SimEvent } from '../sim/events';
import { checkExpectations, type ExpectationResult } from '../sim/expectations';

export type { LivePacket, SimEvent } from '../sim/events';
export type { PacketStepEvent } from '../sim/packetMachine';
export type { ProcessRow, ConnectionRow } from '../sim/tables';
export type { ExpectationResult } from '../sim/expectations';

/** The last decision a checkpoint made, for its tooltip. */
export interface Decision {
  hop: string;
  verdict: 'allow' | 'drop';
  decidedBy: string;
  time: number;
}
import type { Command } from './commands';
import { DocumentStore, type DispatchOptions, type DispatchResult } from './store';

/** At 1x one simulated millisecond lasts this many real ones: a 20 ms hop takes a second to watch. */
export const SLOW_MOTION = 50;
export const SPEEDS = [0.1, 0.25, 0.5, 1, 2, 5, 10] as const;
/**
 * Real ms of nothing happening after which playback jumps to the next scheduled item of the
 * timeline: in slow motion a one-second gap between two requests would last almost a minute.
 */
export const IDLE_SKIP_MS = 700;

export type SelectMode = 'replace' | 'toggle' | 'add';

export interface WorkspaceState {
  /** Bumped on every change a view may care about; React reads it through useSyncExternalStore. */
  version: number;
  playing: boolean;
  speed: number;
  selection: ReadonlySet<string>;
  /** The packet whose life the inspector and the tables follow, by id (it may have ended). */
  packet: string | null;
  /** The checkpoint of the chosen process-table row, highlighted on the canvas. */
  checkpoint: Checkpoint | null;
  composer: Composer;
}

/** A checkpoint by what owns it: an ENI (security groups), a subnet (its NACL) or a VPC (its gateway). */
export interface Checkpoint {
  hop: HopName;
  subjectId: string;
}

/** What the traffic composer sends, and whether dragging between nodes fires it. */
export interface Composer {
  tool: 'select' | 'fire';
  /** A named service, or 'custom' for `protocol` and `port` below. */
  service: ServiceName | 'custom';
  protocol: 'tcp' | 'udp' | 'icmp';
  port: number;
  /** Requests per send, one `intervalMs` of simulated time apart. */
  count: number;
  intervalMs: number;
}

export class Workspace {
  readonly store: DocumentStore;
  private run: Run;
  private state: WorkspaceState = {
    version: 0,
    playing: true,
    speed: 1,
    selection: new Set(),
    packet: null,
    checkpoint: null,
    composer: { tool: 'select', service: 'http', protocol: 'tcp', port: 8080, count: 1, intervalMs: 100 },
  };
  private readonly listeners = new Set<() => void>();
  private readonly simListeners = new Set<(e: SimEvent) => void>();
  /** Simulation events since the last frame: views hear of them once per frame, not per step. */
  private simDirty = false;
  /** Whether the current run has started the document's own timeline. */
  private timelineStarted = false;
  private decisions = new Map<string, Decision>();
  private idleRealMs = 0;

  constructor(doc: NetworkDocument) {
    this.store = new DocumentStore(doc);
    this.run = new Run(doc, this.onSimEvent_);
    this.store.subscribe((next) => {
      // Rules apply to packets already in flight, as they do in AWS (rule 16).
      this.run.setDocument(next);
      this.pruneSelection(next);
      this.changed();
    });
  }

  get document(): NetworkDocument {
    return this.store.document;
  }

  get sim(): Simulation {
    return this.run.sim;
  }

  get snapshot(): WorkspaceState {
    return this.state;
  }

  /** Simulated milliseconds of the check and transit steps of the current document. */
  get timing(): { checkMs: number; transitMs: number } {
    const s = resolveSettings(this.document.settings);
    return { checkMs: s.checkMs, transitMs: s.transitMs };
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every simulation event as it happens (the canvas's effects, the live region). */
  onSimEvent(listener: (e: SimEvent) => void): () => void {
    this.simListeners.add(listener);
    return () => this.simListeners.delete(listener);
  }

  dispatch(cmd: Command, options?: DispatchOptions): DispatchResult {
    return this.store.dispatch(cmd, options);
  }

  undo(): void {
    this.store.undo();
  }

  redo(): void {
    this.store.redo();
  }

  /** Called once per rendered frame with the real time elapsed. */
  tick(realMs: number): void {
    if (this.state.playing && realMs > 0) {
      // A frame after a long stall (a background tab) must not fast-forward through the story.
      const clamped = Math.min(realMs, 100);
      const next = this.run.sim.clock.nextDue();
      this.idleRealMs = this.run.sim.liveCount() === 0 ? this.idleRealMs + clamped : 0;
      if (next !== null && this.idleRealMs >= IDLE_SKIP_MS) {
        this.idleRealMs = 0;
        this.run.sim.advanceTo(next);
      } else {
        this.run.sim.advance((clamped * this.state.speed) / SLOW_MOTION);
      }
    }
    if (this.simDirty) {
      this.simDirty = false;
      this.changed();
    }
  }

  play(): void {
    this.patch({ playing: true });
  }

  pause(): void {
    this.patch({ playing: false });
  }

  togglePlay(): void {
    this.patch({ playing: !this.state.playing });
  }

  setSpeed(speed: number): void {
    if (!(speed > 0)) return;
    this.patch({ speed: Math.min(10, Math.max(0.1, speed)) });
  }

  /** Pauses and moves the clock to the next scheduled step of any packet. Returns false when nothing is scheduled. */
  step(): boolean {
    this.patch({ playing: false });
    const next = this.run.sim.clock.nextDue();
    if (next === null) return false;
    this.run.sim.advanceTo(next);
    this.simDirty = false;
    this.changed();
    return true;
  }

  /** Pauses and returns the run to its previous step, tables included. False at the start. */
  stepBack(): boolean {
    this.patch({ playing: false });
    if (!this.run.sim.now()) return false;
    this.decisions = new Map();
    const moved = this.run.stepBack();
    this.simDirty = false;
    this.changed();
    return moved;
  }

  /** Jumps ahead in simulated time, to watch idle timeouts expire. */
  jump(ms: number): void {
    this.run.sim.advance(ms);
    this.simDirty = false;
    this.changed();
  }

  /** Sends a request now; the receiver answers when it is delivered. */
  fire(req: Omit<RequestTraffic, 'kind' | 'at'>): FireResult {
    const r = this.run.fire(req);
    this.changed();
    return r;
  }

  setComposer(c: Partial<Composer>): void {
    const next = { ...this.state.composer, ...c };
    next.count = Math.max(1, Math.min(50, Math.round(next.count)));
    next.intervalMs = Math.max(0, next.intervalMs);
    this.patch({ composer: next });
  }

  /**
   * Sends what the composer holds from one node to another: one request now, or a series as a
   * small timeline (so a step back replays it like any other).
   */
  send(from: NodeId, to: NodeId): FireResult {
    const { service, protocol, port, count, intervalMs } = this.state.composer;
    if (service === 'custom' && protocol !== 'icmp' && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
      return { ok: false, error: `Port ${port} is not a port: use a whole number from 0 to 65535` };
    }
    const what = service === 'custom' ? (protocol === 'icmp' ? { protocol } : { protocol, port }) : { service };
    // The first goes now, so a request that can't be sent is refused before any is scheduled.
    const first = this.fire({ from, to, ...what });
    if (!first.ok || count === 1) return first;
    const rest: RequestTraffic[] = Array.from({ length: count - 1 }, (_, i) => ({ kind: 'request', at: ((i + 1) * intervalMs) / 1000, from, to, ...what }));
    this.run.schedule(rest);
    return first;
  }

  /** Plays the document's own timeline (its traffic and rule changes) from now. */
  runTimeline(): void {
    this.run.schedule(this.document.traffic);
    this.timelineStarted = true;
    this.play();
  }

  get timelineRunning(): boolean {
    return this.timelineStarted;
  }

  /** A fresh run of the same document: no packets, no connection tracking, time zero. */
  resetRun(): void {
    this.run.stop();
    this.decisions = new Map();
    this.run = new Run(this.document, this.onSimEvent_);
    this.timelineStarted = false;
    this.state = { ...this.state, packet: null, checkpoint: null };
    this.changed();
  }

  /** Replaces the document (a scenario, a file) as one undoable edit, on a fresh run. */
  load(doc: NetworkDocument): DispatchResult {
    const r = this.store.dispatch({ type: 'document.replace', document: doc });
    if (r.ok) {
      this.patch({ selection: new Set() });
      this.resetRun();
    }
    return r;
  }

  select(ids: readonly string[], mode: SelectMode = 'replace'): void {
    const next = new Set(mode === 'replace' ? [] : this.state.selection);
    for (const id of ids) {
      if (mode === 'toggle' && next.has(id)) next.delete(id);
      else next.add(id);
    }
    this.patch({ selection: next });
  }

  /** Follows one packet (from the canvas or a table row); null stops following. */
  selectPacket(id: string | null, checkpoint: Checkpoint | null = null): void {
    if (id !== this.state.packet || checkpoint?.subjectId !== this.state.checkpoint?.subjectId || checkpoint?.hop !== this.state.checkpoint?.hop) {
      this.patch({ packet: id, checkpoint });
    }
  }

  destroy(): void {
    this.run.stop();
    this.listeners.clear();
    this.simListeners.clear();
  }

  /** The document's expectations against what this run has done so far. */
  expectations(): ExpectationResult[] {
    return checkExpectations(this.run.sim, this.document.expectations);
  }

  /** The last decision of the checkpoint owned by an ENI, subnet or VPC. */
  lastDecision(subjectId: string): Decision | undefined {
    return this.decisions.get(subjectId);
  }

  /** Tracked connections per instance (all its ENIs), as the canvas badges show them. */
  trackedCounts(): Map<string, number> {
    const ct = this.run.sim.conntrack;
    const counts = new Map<string, number>();
    for (const inst of this.document.instances) {
      const n = ct.trackedCount(inst.enis.map((e) => e.id));
      if (n > 0) counts.set(inst.id, n);
    }
    return counts;
  }

  trackedCount(instanceId: string): number {
    return this.trackedCounts().get(instanceId) ?? 0;
  }

  /** Every event of the run; a replay (a step back) rebuilds the tooltips' memory but animates nothing. */
  private readonly onSimEvent_ = (e: SimEvent, replaying: boolean): void => {
    this.simDirty = true;
    if (e.type === 'packet.step' && e.step.hop && (e.step.step === 'egress-check' || e.step.step === 'ingress-check')) {
      const h = e.step.hop;
      this.decisions.set(h.subjectId, { hop: h.hop, verdict: h.verdict, decidedBy: h.decidedBy.text, time: e.time });
    }
    if (!replaying) for (const l of this.simListeners) l(e);
  };

  private pruneSelection(doc: NetworkDocument): void {
    if (this.state.selection.size === 0) return;
    const alive = new Set<string>([
      ...doc.vpcs.map((v) => v.id),
      ...doc.subnets.map((s) => s.id),
      ...doc.instances.map((i) => i.id),
      ...doc.externalHosts.map((h) => h.id),
      ...doc.internetGateways.map((g) => g.id),
    ]);
    const kept = [...this.state.selection].filter((id) => alive.has(id));
    if (kept.length !== this.state.selection.size) this.state = { ...this.state, selection: new Set(kept) };
  }

  private patch(p: Partial<Omit<WorkspaceState, 'version'>>): void {
    this.state = { ...this.state, ...p };
    this.changed();
  }

  private changed(): void {
    this.state = { ...this.state, version: this.state.version + 1 };
    for (const l of this.listeners) l();
  }
}
