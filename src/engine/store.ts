/**
 * The document store: the only place the current document changes. Commands come in, the pure
 * domain edit runs, and the result replaces the document with a history policy: recorded as its
 * own undo step, merged into the step of the gesture it belongs to (a whole drag is one step), or
 * skipped. Listeners hear of every change and of its cause. No timers, no DOM.
 */
import type { NetworkDocument } from '../domain/document';
import { applyCommand, type Command } from './commands';
import { History, HISTORY_LIMIT } from './history';

export interface DispatchOptions {
  /** Commands sharing a gesture id, one after another, make one undo step. */
  gesture?: string | undefined;
  /**
   * 'skip' changes the document without an undo step (and leaves redo alone). Undo restores
   * snapshots, so the next undo also takes back the skipped change, and redo brings it back.
   */
  history?: 'record' | 'skip' | undefined;
}

export type DispatchResult = { ok: true; created: string[] } | { ok: false; error: string };

export type ChangeCause = 'command' | 'undo' | 'redo';

export type StoreListener = (doc: NetworkDocument, cause: ChangeCause) => void;

export class DocumentStore {
  private current: NetworkDocument;
  private readonly history: History<NetworkDocument>;
  private readonly listeners = new Set<StoreListener>();

  constructor(initial: NetworkDocument, options: { historyLimit?: number } = {}) {
    this.current = initial;
    this.history = new History<NetworkDocument>(options.historyLimit ?? HISTORY_LIMIT);
  }

  get document(): NetworkDocument {
    return this.current;
  }

  get canUndo(): boolean {
    return this.history.canUndo;
  }

  get canRedo(): boolean {
    return this.history.canRedo;
  }

  /** Undo steps held (at most the history limit). */
  get undoDepth(): number {
    return this.history.depth;
  }

  /** Applies the command; a refused one changes nothing, not even the history. */
  dispatch(cmd: Command, options: DispatchOptions = {}): DispatchResult {
    const result = applyCommand(this.current, cmd);
    if (!result.ok) return { ok: false, error: result.error };
    const created = result.created ?? [];
    // An edit that changes nothing (a move by zero) is no step to undo and no news.
    if (result.document === this.current) return { ok: true, created };
    if (options.history !== 'skip') this.history.record(this.current, options.gesture);
    this.set(result.document, 'command');
    return { ok: true, created };
  }

  undo(): boolean {
    const doc = this.history.undo(this.current);
    if (doc === null) return false;
    this.set(doc, 'undo');
    return true;
  }

  redo(): boolean {
    const doc = this.history.redo(this.current);
    if (doc === null) return false;
    this.set(doc, 'redo');
    return true;
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  private set(doc: NetworkDocument, cause: ChangeCause): void {
    this.current = doc;
    for (const l of [...this.listeners]) l(doc, cause);
  }
}
