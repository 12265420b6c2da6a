/**
 * Where everything is drawn, derived from the document: node cards around their layout points,
 * subnets and VPCs around what they hold. Pure, so hit tests, drops, snapping and packet paths
 * agree with what is on screen, and tests can check them without a renderer.
 */
import type { LayoutEntry, NetworkDocument } from '../domain/document';
import { containsPoint, intersects, unionRect, type Rect } from './camera';

export type SceneKind = 'vpc' | 'subnet' | 'instance' | 'client' | 'igw';

export interface SceneNode {
  id: string;
  kind: SceneKind;
  rect: Rect;
  /** The container it sits in: a subnet for an instance, a VPC for a subnet or gateway. */
  parentId: string | null;
}

export interface SceneGeometry {
  nodes: Map<string, SceneNode>;
  /** Bounds of everything, for zoom to fit and the overview map. */
  bounds: Rect | null;
}

export const CARD = {
  instance: { w: 156, h: 64 },
  client: { w: 148, h: 56 },
  igw: { w: 56, h: 56 },
} as const;
export const CONTAINER = {
  vpc: { w: 640, h: 420, header: 36, pad: 28 },
  subnet: { w: 300, h: 200, header: 32, pad: 22 },
} as const;
export const GRID = 24;

function cardRect(p: LayoutEntry, size: { w: number; h: number }): Rect {
  return { x: p.x - size.w / 2, y: p.y - size.h / 2, w: size.w, h: size.h };
}

function pad(r: Rect, side: number, header: number): Rect {
  return { x: r.x - side, y: r.y - side - header, w: r.w + 2 * side, h: r.h + 2 * side + header };
}

/**
 * A container's rectangle: the size it was given, grown to hold what is inside it. Without a
 * size of its own it hugs its content (files written by hand rarely say how big a subnet is);
 * an empty one gets the default size at its corner.
 */
function containerRect(p: LayoutEntry, size: { w: number; h: number; pad: number; header: number }, held: readonly (Rect | undefined)[]): Rect {
  const sized = p.w !== undefined && p.h !== undefined;
  let r: Rect | null = sized ? { x: p.x, y: p.y, w: p.w ?? size.w, h: p.h ?? size.h } : null;
  for (const child of held) if (child) r = unionRect(r, pad(child, size.pad, size.header));
  return r ?? { x: p.x, y: p.y, w: size.w, h: size.h };
}

/** A layout point for a node the file placed nowhere: a row below everything else. */
function fallback(i: number): LayoutEntry {
  return { x: 120 + i * 200, y: 720 };
}

export function sceneGeometry(doc: NetworkDocument): SceneGeometry {
  const nodes = new Map<string, SceneNode>();
  let missing = 0;
  const at = (id: string): LayoutEntry => doc.layout[id] ?? fallback(missing++);

  const homeSubnet = new Map<string, string>();
  for (const inst of doc.instances) {
    const first = inst.enis[0];
    const r = cardRect(at(inst.id), CARD.instance);
    nodes.set(inst.id, { id: inst.id, kind: 'instance', rect: r, parentId: first ? first.subnetId : null });
    if (first) homeSubnet.set(inst.id, first.subnetId);
  }
  for (const h of doc.externalHosts) nodes.set(h.id, { id: h.id, kind: 'client', rect: cardRect(at(h.id), CARD.client), parentId: null });

  for (const s of doc.subnets) {
    const held = doc.instances.filter((i) => homeSubnet.get(i.id) === s.id).map((i) => nodes.get(i.id)?.rect);
    nodes.set(s.id, { id: s.id, kind: 'subnet', rect: containerRect(at(s.id), CONTAINER.subnet, held), parentId: s.vpcId });
  }
  for (const v of doc.vpcs) {
    const held = doc.subnets.filter((s) => s.vpcId === v.id).map((s) => nodes.get(s.id)?.rect);
    nodes.set(v.id, { id: v.id, kind: 'vpc', rect: containerRect(at(v.id), CONTAINER.vpc, held), parentId: null });
  }
  for (const g of doc.internetGateways) {
    const vpc = nodes.get(g.vpcId);
    // Without a position of its own, a gateway sits on the middle of its VPC's left edge.
    const p = doc.layout[g.id] ?? (vpc ? { x: vpc.rect.x, y: vpc.rect.y + vpc.rect.h / 2 } : fallback(missing++));
    nodes.set(g.id, { id: g.id, kind: 'igw', rect: cardRect(p, CARD.igw), parentId: g.vpcId });
  }

  let bounds: Rect | null = null;
  for (const n of nodes.values()) bounds = unionRect(bounds, n.rect);
  return { nodes, bounds };
}

export function centre(r: Rect): { x: number; y: number } {
  return { x: r.x + r.w / 2, y: r.y + r.h / 2 };
}

const HIT_ORDER: readonly SceneKind[] = ['igw', 'instance', 'client', 'subnet', 'vpc'];

/** The node under a world point: cards before the subnets and VPCs that hold them. */
export function nodeAt(g: SceneGeometry, p: { x: number; y: number }): SceneNode | null {
  for (const kind of HIT_ORDER) {
    let best: SceneNode | null = null;
    for (const n of g.nodes.values()) {
      // Among nested containers of one kind the smallest is the one the pointer means.
      if (n.kind === kind && containsPoint(n.rect, p) && (!best || n.rect.w * n.rect.h < best.rect.w * best.rect.h)) best = n;
    }
    if (best) return best;
  }
  return null;
}

/** The container of a kind that a drop at `p` lands in. */
export function containerAt(g: SceneGeometry, p: { x: number; y: number }, kind: 'vpc' | 'subnet'): SceneNode | null {
  let best: SceneNode | null = null;
  // Where two overlap, the smaller one is drawn on top, and it is the one the drop means.
  for (const n of g.nodes.values()) {
    if (n.kind === kind && containsPoint(n.rect, p) && (!best || n.rect.w * n.rect.h < best.rect.w * best.rect.h)) best = n;
  }
  return best;
}

/**
 * What a marquee selects: cards it touches, and containers it encloses entirely (touching a big
 * VPC while selecting two instances inside it should not select the VPC).
 */
export function nodesInRect(g: SceneGeometry, r: Rect): string[] {
  const out: string[] = [];
  for (const n of g.nodes.values()) {
    const container = n.kind === 'vpc' || n.kind === 'subnet';
    const inside = n.rect.x >= r.x && n.rect.y >= r.y && n.rect.x + n.rect.w <= r.x + r.w && n.rect.y + n.rect.h <= r.y + r.h;
    if (container ? inside : intersects(n.rect, r)) out.push(n.id);
  }
  return out;
}

export interface Snapped {
  x: number;
  y: number;
  /** Alignment guides to draw: the x of a vertical line, the y of a horizontal one. */
  guideX: number | null;
  guideY: number | null;
}

/**
 * Snaps a dragged point: first to another node's centre line when within `threshold` (alignment
 * is what people are after), otherwise to the grid.
 */
export function snapPoint(p: { x: number; y: number }, others: readonly { x: number; y: number }[], threshold: number, grid = GRID): Snapped {
  let bestX: number | null = null;
  let bestY: number | null = null;
  for (const o of others) {
    if (Math.abs(o.x - p.x) <= threshold && (bestX === null || Math.abs(o.x - p.x) < Math.abs(bestX - p.x))) bestX = o.x;
    if (Math.abs(o.y - p.y) <= threshold && (bestY === null || Math.abs(o.y - p.y) < Math.abs(bestY - p.y))) bestY = o.y;
  }
  return {
    x: bestX ?? Math.round(p.x / grid) * grid,
    y: bestY ?? Math.round(p.y / grid) * grid,
    guideX: bestX,
    guideY: bestY,
  };
}

/** The point where a segment from inside `r` leaves it; the end itself when it never does. */
export function exitPoint(r: Rect, from: { x: number; y: number }, to: { x: number; y: number }): { x: number; y: number } {
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  let t = 1;
  if (dx > 0) t = Math.min(t, (r.x + r.w - from.x) / dx);
  if (dx < 0) t = Math.min(t, (r.x - from.x) / dx);
  if (dy > 0) t = Math.min(t, (r.y + r.h - from.y) / dy);
  if (dy < 0) t = Math.min(t, (r.y - from.y) / dy);
  t = Math.max(0, t);
  return { x: from.x + dx * t, y: from.y + dy * t };
}
