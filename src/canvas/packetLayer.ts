/**
 * Packets in flight: one particle per live packet, indexed by the simulation's slot so a frame
 * allocates nothing. Each frame reads the live records and places each packet on its path from
 * the times in them (see packetPath.ts); paths are worked out once per packet and scene.
 */
import { Container, Particle, ParticleContainer, type Texture } from 'pixi.js';
import type { LivePacket } from '../engine/workspace';
import type { SceneGeometry } from './geometry';
import { bakePacketAtlas, packetLabel, type PacketAtlas } from './packetAtlas';
import { packetPath, placePacket, type PacketPath, type Placement } from './packetPath';
import type { Theme } from './theme';
import type { Renderer } from 'pixi.js';

export interface PacketSource {
  inFlight(): IterableIterator<LivePacket>;
}

interface SlotInfo {
  serial: number;
  path: PacketPath | null;
  /** The packet's atlas frames, pointing right and pointing left. */
  right: Texture;
  left: Texture;
  /** Scene version the path was worked out for. */
  scene: number;
}

export interface PlacedPacket {
  packet: LivePacket;
  x: number;
  y: number;
}

export class PacketLayer {
  readonly root = new Container({ label: 'packets' });
  private readonly particles: ParticleContainer;
  private readonly atlas: PacketAtlas;
  private readonly pool: Particle[] = [];
  private readonly slots: (SlotInfo | undefined)[] = [];
  /** Live packet per slot as of the last frame, and where it was drawn: for hover and tests. */
  private readonly shown: (LivePacket | null)[] = [];
  private readonly xs: number[] = [];
  private readonly ys: number[] = [];
  private readonly place: Placement = { x: 0, y: 0, leftward: false, checking: false };

  constructor(renderer: Renderer, theme: Theme) {
    this.atlas = bakePacketAtlas(renderer, theme);
    this.particles = new ParticleContainer({
      texture: this.atlas.texture,
      dynamicProperties: { position: true, uvs: true, color: true, vertex: false, rotation: false },
    });
    this.root.addChild(this.particles);
  }

  /** Places every live packet at simulated time `now`. Returns how many were drawn. */
  update(source: PacketSource, g: SceneGeometry, sceneVersion: number, checkMs: number, now: number, reducedMotion: boolean): number {
    for (let i = 0; i < this.shown.length; i++) this.shown[i] = null;
    let drawn = 0;
    for (const p of source.inFlight()) {
      const info = this.slotInfo(p, g, sceneVersion);
      const particle = this.particle(p.slot);
      if (!info.path) {
        particle.alpha = 0;
        continue;
      }
      // Reduced motion: a packet is shown where its step puts it, without gliding between.
      const at = placePacket(p, info.path, checkMs, reducedMotion ? Number.POSITIVE_INFINITY : now, this.place);
      if (reducedMotion && (p.step === 'in-transit' || p.step === 'arrived')) {
        const pts = info.path.points;
        const a = pts[info.path.senderHops];
        const b = pts[info.path.senderHops + 1];
        if (a && b) {
          at.x = (a.x + b.x) / 2;
          at.y = (a.y + b.y) / 2;
        }
      }
      particle.texture = at.leftward ? info.left : info.right;
      particle.x = at.x;
      particle.y = at.y;
      particle.alpha = 1;
      this.shown[p.slot] = p;
      this.xs[p.slot] = at.x;
      this.ys[p.slot] = at.y;
      drawn++;
    }
    for (let i = 0; i < this.pool.length; i++) if (!this.shown[i]) (this.pool[i] as Particle).alpha = 0;
    // No `particles.update()` here: it re-uploads the static attributes (quad corners, rotation) of
    // every particle, and those never change: every atlas frame has the same size and the anchor is
    // fixed. Position, frame and alpha are dynamic and uploaded on each render anyway; a particle
    // added to the pool marks the container dirty by itself.
    return drawn;
  }

  /** Packets as drawn in the last frame, with their world positions. */
  placed(): PlacedPacket[] {
    const out: PlacedPacket[] = [];
    this.shown.forEach((p, i) => {
      if (p) out.push({ packet: p, x: this.xs[i] ?? 0, y: this.ys[i] ?? 0 });
    });
    return out;
  }

  /** The packet drawn nearest a world point, within `radius`. */
  packetNear(x: number, y: number, radius: number): PlacedPacket | null {
    let best: PlacedPacket | null = null;
    let bestD = radius * radius;
    this.shown.forEach((p, i) => {
      if (!p) return;
      const dx = (this.xs[i] ?? 0) - x;
      const dy = (this.ys[i] ?? 0) - y;
      const d = dx * dx + dy * dy;
      if (d <= bestD) {
        bestD = d;
        best = { packet: p, x: this.xs[i] ?? 0, y: this.ys[i] ?? 0 };
      }
    });
    return best;
  }

  /** Where a live packet's path puts its checkpoint number `hop` (0-based), if the packet is known. */
  pathOf(p: LivePacket, g: SceneGeometry, sceneVersion: number): PacketPath | null {
    return this.slotInfo(p, g, sceneVersion).path;
  }

  destroy(): void {
    this.root.destroy({ children: true });
    this.atlas.destroy();
  }

  /** A packet's path and label, worked out once per packet and scene. */
  private slotInfo(p: LivePacket, g: SceneGeometry, sceneVersion: number): SlotInfo {
    let info = this.slots[p.slot];
    if (!info || info.serial !== p.serial || info.scene !== sceneVersion) {
      const label = packetLabel(p.packet, p.kind);
      info = { serial: p.serial, path: packetPath(g, p.route, p.from, p.to), right: this.atlas.frame(label, p.kind, false), left: this.atlas.frame(label, p.kind, true), scene: sceneVersion };
      this.slots[p.slot] = info;
    }
    return info;
  }

  private particle(slot: number): Particle {
    while (this.pool.length <= slot) {
      const p = new Particle({ texture: this.atlas.frame('IP', 'request', false), anchorX: 0.5, anchorY: 0.5, alpha: 0 });
      this.pool.push(p);
      this.particles.addParticle(p);
    }
    return this.pool[slot] as Particle;
  }
}
