/**
 * One run of the simulation, with the inputs that shaped it: requests fired, timelines started,
 * documents applied, each at the simulated time it happened. The simulation is deterministic, so
 * going back a step is a replay of those inputs from the start of the run up to the earlier time;
 * inputs that lay after it are scheduled again, so stepping forward replays the same story. A new
 * input after stepping back starts a new story from there (like typing after an undo).
 */
import type { NetworkDocument, RequestTraffic, TrafficItem } from '../domain/document';
import type { SimEvent } from '../sim/events';
import { Simulation, type FireResult } from '../sim/simulation';

type Input = { at: number } & ({ kind: 'fire'; req: Omit<RequestTraffic, 'kind' | 'at'> } | { kind: 'timeline'; items: readonly TrafficItem[] } | { kind: 'document'; doc: NetworkDocument });

/** Hears every event, and whether it comes from a replay (views skip animating those). */
export type RunListener = (e: SimEvent, replaying: boolean) => void;

export class Run {
  private simulation: Simulation;
  private inputs: Input[] = [];
  private unsubscribe: () => void;
  private replaying = false;
  /** Bumped when the future is discarded or rebuilt: timers of an older future do nothing. */
  private generation = 0;

  constructor(
    private readonly start: NetworkDocument,
    private readonly listener: RunListener,
  ) {
    this.simulation = new Simulation(start);
    this.unsubscribe = this.listen(this.simulation);
  }

  get sim(): Simulation {
    return this.simulation;
  }

  fire(req: Omit<RequestTraffic, 'kind' | 'at'>): FireResult {
    const input: Input = { at: this.simulation.now(), kind: 'fire', req };
    this.record(input);
    return this.simulation.fireRequest(req);
  }

  schedule(items: readonly TrafficItem[]): void {
    this.record({ at: this.simulation.now(), kind: 'timeline', items });
    this.simulation.schedule(items);
  }

  setDocument(doc: NetworkDocument): void {
    this.record({ at: this.simulation.now(), kind: 'document', doc });
    this.simulation.setDocument(doc);
  }

  /**
   * Returns the run to the latest simulated time before now at which a step happened (or to its
   * start). False when it is already at the start.
   */
  stepBack(): boolean {
    const now = this.simulation.now();
    if (now <= 0) return false;
    let target = 0;
    for (const row of this.simulation.processTable()) if (row.time < now && row.time > target) target = row.time;
    this.replayTo(target);
    return true;
  }

  stop(): void {
    this.generation++;
    this.unsubscribe();
    this.simulation.stop();
  }

  private record(input: Input): void {
    // Acting after a step back discards the replayed future, as typing after an undo does.
    // Inputs are recorded in time order, so the last one is the latest.
    const last = this.inputs[this.inputs.length - 1];
    if (last && last.at > input.at) {
      this.inputs = this.inputs.filter((i) => i.at <= input.at);
      this.generation++;
    }
    this.inputs.push(input);
  }

  private replayTo(target: number): void {
    this.stop();
    const sim = new Simulation(this.start);
    this.simulation = sim;
    this.unsubscribe = this.listen(sim);
    const generation = ++this.generation;
    this.replaying = true;
    try {
      for (const input of this.inputs) {
        if (input.at > target) continue;
        sim.advanceTo(input.at);
        apply(sim, input);
      }
      sim.advanceTo(target);
    } finally {
      this.replaying = false;
    }
    for (const input of this.inputs) {
      if (input.at <= target) continue;
      sim.clock.setTimeout(() => {
        if (generation === this.generation) apply(sim, input);
      }, input.at - target);
    }
  }

  private listen(sim: Simulation): () => void {
    return sim.subscribe((e) => this.listener(e, this.replaying));
  }
}

function apply(sim: Simulation, input: Input): void {
  switch (input.kind) {
    case 'fire':
      sim.fireRequest(input.req);
      return;
    case 'timeline':
      sim.schedule(input.items);
      return;
    case 'document':
      sim.setDocument(input.doc);
      return;
  }
}
