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
}

export class SimClock {
  private time = 0;
  private nextId = 1;
  private heap: Timer[] = [];
  /** Timers not yet fired nor cleared; the heap may still hold cleared ones until they surface. */
  private readonly live = new Set<TimerId>();

  now(): number {
    return this.time;
  }

  setTimeout(fn: () => void, delay: number): TimerId {
    const timer: Timer = { id: this.nextId++, due: this.time + Math.max(0, delay), fn };
    this.push(timer);
    this.live.add(timer.id);
    return timer.id;
  }

  clearTimeout(id: TimerId): void {
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
    while (this.heap.length > 0 && !this.live.has((this.heap[0] as Timer).id)) this.pop();
  }

  private less(a: Timer, b: Timer): boolean {
    return a.due < b.due || (a.due === b.due && a.id < b.id);
  }

  private push(t: Timer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i] as Timer, h[parent] as Timer)) break;
      [h[i], h[parent]] = [h[parent] as Timer, h[i] as Timer];
      i = parent;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop();
    if (!last || h.length === 0) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l] as Timer, h[m] as Timer)) m = l;
      if (r < h.length && this.less(h[r] as Timer, h[m] as Timer)) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m] as Timer, h[i] as Timer];
      i = m;
    }
  }
}
