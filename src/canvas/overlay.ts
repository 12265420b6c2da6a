/**
 * What sits on top of the world in screen space: the marquee, alignment guides and the overview
 * map in the bottom-right corner (the whole scene in small, with the visible part outlined).
 */
import { Container, Graphics } from 'pixi.js';
import { visibleWorld, worldToScreen, type Camera, type Rect } from './camera';
import type { SceneGeometry } from './geometry';
import type { Theme } from './theme';

export const MINIMAP = { w: 180, h: 120, margin: 12 } as const;

export class Overlay {
  readonly root = new Container({ label: 'overlay' });
  private readonly marquee = new Graphics();
  private readonly guides = new Graphics();
  private readonly minimap = new Graphics({ label: 'minimap' });
  private marqueeRect: Rect | null = null;
  private guideX: number | null = null;
  /** The fire tool's line, in world coordinates, while dragging from a sender. */
  private fireLine: { from: { x: number; y: number }; to: { x: number; y: number } } | null = null;
  private readonly fire = new Graphics();
  private guideY: number | null = null;

  constructor() {
    this.root.addChild(this.guides, this.marquee, this.fire, this.minimap);
  }

  setMarquee(r: Rect | null): void {
    this.marqueeRect = r;
  }

  setFireLine(line: { from: { x: number; y: number }; to: { x: number; y: number } } | null): void {
    this.fireLine = line;
  }

  setGuides(x: number | null, y: number | null): void {
    this.guideX = x;
    this.guideY = y;
  }

  /** Where the overview map is on screen. */
  minimapRect(viewport: { w: number; h: number }): Rect {
    return { x: viewport.w - MINIMAP.w - MINIMAP.margin, y: viewport.h - MINIMAP.h - MINIMAP.margin, w: MINIMAP.w, h: MINIMAP.h };
  }

  /** The world area the overview map covers, and its scale. */
  minimapWorld(g: SceneGeometry, cam: Camera, viewport: { w: number; h: number }): { area: Rect; scale: number } {
    const seen = visibleWorld(cam, viewport);
    const b = g.bounds ?? seen;
    const x = Math.min(b.x, seen.x);
    const y = Math.min(b.y, seen.y);
    const area = { x, y, w: Math.max(b.x + b.w, seen.x + seen.w) - x, h: Math.max(b.y + b.h, seen.y + seen.h) - y };
    const scale = Math.min((MINIMAP.w - 12) / area.w, (MINIMAP.h - 12) / area.h);
    return { area, scale };
  }

  /** The world point a click on the overview map means, or null when the click is elsewhere. */
  minimapToWorld(g: SceneGeometry, cam: Camera, viewport: { w: number; h: number }, p: { x: number; y: number }): { x: number; y: number } | null {
    const box = this.minimapRect(viewport);
    if (p.x < box.x || p.y < box.y || p.x > box.x + box.w || p.y > box.y + box.h) return null;
    const { area, scale } = this.minimapWorld(g, cam, viewport);
    const ox = box.x + (box.w - area.w * scale) / 2;
    const oy = box.y + (box.h - area.h * scale) / 2;
    return { x: area.x + (p.x - ox) / scale, y: area.y + (p.y - oy) / scale };
  }

  draw(g: SceneGeometry, cam: Camera, viewport: { w: number; h: number }, t: Theme): void {
    this.marquee.clear();
    if (this.marqueeRect) {
      const a = worldToScreen(cam, this.marqueeRect);
      this.marquee.rect(a.x, a.y, this.marqueeRect.w * cam.zoom, this.marqueeRect.h * cam.zoom).fill({ color: t.selection, alpha: 0.08 }).stroke({ width: 1, color: t.selection });
    }
    this.guides.clear();
    if (this.guideX !== null) {
      const x = worldToScreen(cam, { x: this.guideX, y: 0 }).x;
      this.guides.moveTo(x, 0).lineTo(x, viewport.h).stroke({ width: 1, color: t.guide, alpha: 0.8 });
    }
    if (this.guideY !== null) {
      const y = worldToScreen(cam, { x: 0, y: this.guideY }).y;
      this.guides.moveTo(0, y).lineTo(viewport.w, y).stroke({ width: 1, color: t.guide, alpha: 0.8 });
    }
    this.fire.clear();
    if (this.fireLine) {
      const a = worldToScreen(cam, this.fireLine.from);
      const b = worldToScreen(cam, this.fireLine.to);
      const angle = Math.atan2(b.y - a.y, b.x - a.x);
      this.fire
        .moveTo(a.x, a.y)
        .lineTo(b.x, b.y)
        .stroke({ width: 2.5, color: t.request })
        .poly([b.x, b.y, b.x - 12 * Math.cos(angle - 0.4), b.y - 12 * Math.sin(angle - 0.4), b.x - 12 * Math.cos(angle + 0.4), b.y - 12 * Math.sin(angle + 0.4)])
        .fill({ color: t.request });
    }
    this.drawMinimap(g, cam, viewport, t);
  }

  private drawMinimap(g: SceneGeometry, cam: Camera, viewport: { w: number; h: number }, t: Theme): void {
    const m = this.minimap.clear();
    const box = this.minimapRect(viewport);
    m.roundRect(box.x, box.y, box.w, box.h, 10).fill({ color: t.labelFill, alpha: 0.92 }).stroke({ width: 1, color: t.cardStroke });
    const { area, scale } = this.minimapWorld(g, cam, viewport);
    const ox = box.x + (box.w - area.w * scale) / 2;
    const oy = box.y + (box.h - area.h * scale) / 2;
    const toMap = (r: Rect) => ({ x: ox + (r.x - area.x) * scale, y: oy + (r.y - area.y) * scale, w: Math.max(2, r.w * scale), h: Math.max(2, r.h * scale) });
    for (const n of g.nodes.values()) {
      const r = toMap(n.rect);
      const color = n.kind === 'vpc' ? t.vpcStroke : n.kind === 'subnet' ? t.subnetStroke : n.kind === 'client' ? t.clientAccent : n.kind === 'igw' ? t.text : t.instanceAccent;
      if (n.kind === 'vpc' || n.kind === 'subnet') m.rect(r.x, r.y, r.w, r.h).stroke({ width: 1, color, alpha: 0.9 });
      else m.rect(r.x, r.y, r.w, r.h).fill({ color });
    }
    const v = toMap(visibleWorld(cam, viewport));
    m.rect(v.x, v.y, v.w, v.h).stroke({ width: 1.5, color: t.selection });
  }
}
