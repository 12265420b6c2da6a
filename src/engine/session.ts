/**
 * The composition root the UI talks to: the current document and the simulation that runs it.
 * For now a session plays its document's whole timeline at once; the workbench will add playback
 * on top of the same Simulation.
 */
import type { NetworkDocument } from '../domain/document';
import { checkExpectations, type ExpectationResult } from '../sim/expectations';
import { Simulation } from '../sim/simulation';
import type { ConnectionRow, ProcessRow } from '../sim/tables';

export class Session {
  private sim: Simulation;

  constructor(private doc: NetworkDocument) {
    this.sim = this.play(doc);
  }

  get document(): NetworkDocument {
    return this.doc;
  }

  load(doc: NetworkDocument): void {
    this.sim.stop();
    this.doc = doc;
    this.sim = this.play(doc);
  }

  processTable(): readonly ProcessRow[] {
    return this.sim.processTable();
  }

  connectionTable(): ConnectionRow[] {
    return this.sim.connectionTable();
  }

  expectations(): ExpectationResult[] {
    return checkExpectations(this.sim, this.doc.expectations);
  }

  liveCount(): number {
    return this.sim.liveCount();
  }

  private play(doc: NetworkDocument): Simulation {
    const sim = new Simulation(doc);
    sim.schedule(doc.traffic);
    sim.runUntilIdle();
    return sim;
  }
}
