/**
 * The one simulated clock. It implements XState's clock interface so that every `after` delay of
 * every packet actor runs on simulated time, and it fires each timer at its own due time (in due
 * order, ties in scheduling order), so a check scheduled for t = 20 ms sees `now() === 20` even
 * when the app advances a whole 16 ms frame at once.
 */
export type TimerId = number;

interface Timer {
  id: TimerId;
  due: number;
  fn: () => void;
  /** Cleared before it fired; it stays in the heap until it surfaces, then is dropped. */
  cancelled: boolean;
}

export class SimClock {
  private time = 0;
  private nextId = 1;
  private heap: Timer[] = [];
  /** Timers not yet fired nor cleared, by id; the heap may still hold cleared ones until they surface. */
  private readonly live = new Map<TimerId, Timer>();

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, delay: number): TimerId {
    const timer: Timer = { id: this.nextId++, due: this.time + Math.max(0, delay), fn, cancelled: false };
    this.push(timer);
    this.live.set(timer.id, timer);
    return timer.id;
  }

  clearTimeout(id: TimerId): void {
    const timer = this.live.get(id);
    if (!timer) return;
    timer.cancelled = true;
    this.live.delete(id);
  }

  /** Number of timers still to fire. */
  pending(): number {
    return this.live.size;
  }

  /** Due time of the next timer, or null when nothing is scheduled. */
  nextDue(): number | null {
    this.dropCancelled();
    return this.heap[0]?.due ?? null;
  }

  /** Moves time forward to `t`, firing every timer due on the way at its own time. */
  advanceTo(t: number): void {
    if (t < this.time) throw new Error(`the simulated clock can't go back from ${this.time} to ${t}`);
    for (;;) {
      this.dropCancelled();
      const top = this.heap[0];
      if (!top || top.due > t) break;
      this.pop();
      this.live.delete(top.id);
      this.time = top.due;
      top.fn();
    }
    this.time = t;
  }

  advance(ms: number): void {
    this.advanceTo(this.time + ms);
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && (this.heap[0] as Timer).cancelled) this.pop();
  }

  // A binary min-heap by (due, id). Sifts move a hole rather than swapping pairs: one write per level.

  private push(t: Timer): void {
    const h = this.heap;
    let i = h.length;
    h.push(t);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = h[parent] as Timer;
      if (!before(t, p)) break;
      h[i] = p;
      i = parent;
    }
    h[i] = t;
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    const n = h.length;
    if (!last || n === 0) return;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let m = l;
      let child = h[l] as Timer;
      if (r < n && before(h[r] as Timer, child)) {
        m = r;
        child = h[r] as Timer;
      }
      if (!before(child, last)) break;
      h[i] = child;
      i = m;
    }
    h[i] = last;
  }
}

function before(a: Timer, b: Timer): boolean {
  return a.due < b.due || (a.due === b.due && a.id < b.id);
}
