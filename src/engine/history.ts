/**
 * Undo and redo as snapshots. Documents are immutable and every edit shares what it did not
 * change, so keeping the whole document before each step costs little and makes undo exact
 * (no inverse edits to get wrong). Steps of one gesture (a drag) merge into the first one.
 */

/** Steps kept; the oldest are forgotten beyond it. */
export const HISTORY_LIMIT = 200;

export class History<T> {
  private past: T[] = [];
  private future: T[] = [];
  /** The gesture whose step is on top of `past` and may still grow; null once anything else happened. */
  private openGesture: string | null = null;

  constructor(private readonly limit: number = HISTORY_LIMIT) {}

  get canUndo(): boolean {
    return this.past.length > 0;
  }

  get canRedo(): boolean {
    return this.future.length > 0;
  }

  /** Steps that undo can take back. */
  get depth(): number {
    return this.past.length;
  }

  /**
   * Records a change made from `before`. A change in the gesture whose step is on top adds
   * nothing: undoing the step goes back to before the gesture's first change.
   */
  record(before: T, gesture?: string): void {
    this.future = [];
    if (gesture !== undefined && gesture === this.openGesture && this.past.length > 0) return;
    this.past.push(before);
    if (this.past.length > this.limit) this.past.shift();
    this.openGesture = gesture ?? null;
  }

  /** The snapshot to show instead of `current`, or null when there is nothing to undo. */
  undo(current: T): T | null {
    const before = this.past.pop();
    if (before === undefined) return null;
    this.future.push(current);
    // A gesture that continues after an undo starts a step of its own.
    this.openGesture = null;
    return before;
  }

  redo(current: T): T | null {
    const after = this.future.pop();
    if (after === undefined) return null;
    this.past.push(current);
    this.openGesture = null;
    return after;
  }

  clear(): void {
    this.past = [];
    this.future = [];
    this.openGesture = null;
  }
}
