/**
 * The camera: which part of the world the canvas shows. Pure maths so that pointer handling, the
 * overview map and the test hook all convert coordinates the same way.
 */
export interface Camera {
  /** Screen position (CSS pixels) of the world origin. */
  x: number;
  y: number;
  zoom: number;
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export const MIN_ZOOM = 0.1;
export const MAX_ZOOM = 4;

export function clampZoom(z: number): number {
  return Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, z));
}

export function worldToScreen(c: Camera, p: { x: number; y: number }): { x: number; y: number } {
  return { x: c.x + p.x * c.zoom, y: c.y + p.y * c.zoom };
}

export function screenToWorld(c: Camera, p: { x: number; y: number }): { x: number; y: number } {
  return { x: (p.x - c.x) / c.zoom, y: (p.y - c.y) / c.zoom };
}

/** Zooms by `factor` keeping the world point under `screenPoint` where it is (what a wheel or pinch expects). */
export function zoomAt(c: Camera, screenPoint: { x: number; y: number }, factor: number): Camera {
  const zoom = clampZoom(c.zoom * factor);
  const anchor = screenToWorld(c, screenPoint);
  return { zoom, x: screenPoint.x - anchor.x * zoom, y: screenPoint.y - anchor.y * zoom };
}

/** The camera that shows `bounds` centred in a viewport, with a margin, never zoomed in past 1.5x. */
export function fitBounds(bounds: Rect, viewport: { w: number; h: number }, margin = 48): Camera {
  const w = Math.max(1, bounds.w);
  const h = Math.max(1, bounds.h);
  const zoom = clampZoom(Math.min((viewport.w - 2 * margin) / w, (viewport.h - 2 * margin) / h, 1.5));
  return {
    zoom,
    x: viewport.w / 2 - (bounds.x + w / 2) * zoom,
    y: viewport.h / 2 - (bounds.y + h / 2) * zoom,
  };
}

/** The world rectangle a viewport shows. */
export function visibleWorld(c: Camera, viewport: { w: number; h: number }): Rect {
  const tl = screenToWorld(c, { x: 0, y: 0 });
  return { x: tl.x, y: tl.y, w: viewport.w / c.zoom, h: viewport.h / c.zoom };
}

export function unionRect(a: Rect | null, b: Rect): Rect {
  if (!a) return { ...b };
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
}

export function containsPoint(r: Rect, p: { x: number; y: number }): boolean {
  return p.x >= r.x && p.x <= r.x + r.w && p.y >= r.y && p.y <= r.y + r.h;
}

export function intersects(a: Rect, b: Rect): boolean {
  return a.x <= b.x + b.w && b.x <= a.x + a.w && a.y <= b.y + b.h && b.y <= a.y + a.h;
}

/** A rectangle from two corners in any order (a marquee drawn up and to the left). */
export function rectFromCorners(a: { x: number; y: number }, b: { x: number; y: number }): Rect {
  return { x: Math.min(a.x, b.x), y: Math.min(a.y, b.y), w: Math.abs(a.x - b.x), h: Math.abs(a.y - b.y) };
}
