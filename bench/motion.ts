/**
 * What a canvas does each frame with the simulation, reduced to its arithmetic: read the live
 * packet records (updated in place by the simulation, no allocation) and place each one between
 * its two end points from its departure and arrival times. End points are looked up once per
 * packet and kept in typed arrays indexed by the packet's slot.
 */
import type { NodeId } from '../src/domain/ids';
import type { Simulation } from '../src/sim/simulation';

export interface Point {
  x: number;
  y: number;
}

export class PacketMotion {
  /** Per slot: the serial of the packet whose end points are stored, then x0, y0, x1, y1. */
  private serials = new Float64Array(0);
  private ends = new Float64Array(0);

  constructor(private readonly sim: Simulation, private readonly layout: ReadonlyMap<NodeId, Point>) {}

  /** Writes x, y of each live packet into `out` (two floats per packet) and returns how many it placed. */
  place(now: number, out: Float32Array): number {
    let n = 0;
    for (const p of this.sim.inFlight()) {
      if (2 * n + 1 >= out.length) break;
      const slot = p.slot;
      if (slot >= this.serials.length) this.grow(slot + 1);
      const e = 4 * slot;
      if (this.serials[slot] !== p.serial) {
        const from = this.layout.get(p.from);
        const to = (p.to === null ? undefined : this.layout.get(p.to)) ?? from;
        if (!from || !to) continue;
        this.serials[slot] = p.serial;
        this.ends[e] = from.x;
        this.ends[e + 1] = from.y;
        this.ends[e + 2] = to.x;
        this.ends[e + 3] = to.y;
      }
      const span = p.arriveAt - p.departAt;
      const t = span !== span ? 0 : span > 0 ? Math.min(1, Math.max(0, (now - p.departAt) / span)) : 1;
      const x0 = this.ends[e] as number;
      const y0 = this.ends[e + 1] as number;
      out[2 * n] = x0 + ((this.ends[e + 2] as number) - x0) * t;
      out[2 * n + 1] = y0 + ((this.ends[e + 3] as number) - y0) * t;
      n++;
    }
    return n;
  }

  private grow(slots: number): void {
    const size = Math.max(slots, 2 * this.serials.length, 1024);
    const serials = new Float64Array(size).fill(-1);
    serials.set(this.serials);
    const ends = new Float64Array(4 * size);
    ends.set(this.ends);
    this.serials = serials;
    this.ends = ends;
  }
}

/** The baseline: the same motion for plain objects, no simulation, no actors. */
export interface BareDot {
  from: Point;
  to: Point;
  start: number;
  duration: number;
}

export function placeBare(dots: BareDot[], now: number, out: Float32Array): number {
  for (let i = 0; i < dots.length; i++) {
    const d = dots[i] as BareDot;
    let t = (now - d.start) / d.duration;
    if (t >= 1) {
      // Arrived: start again the other way, like a response.
      const f = d.from;
      d.from = d.to;
      d.to = f;
      d.start = now;
      t = 0;
    }
    out[2 * i] = d.from.x + (d.to.x - d.from.x) * t;
    out[2 * i + 1] = d.from.y + (d.to.y - d.from.y) * t;
  }
  return dots.length;
}
