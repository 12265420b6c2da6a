import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_ZOOM, MIN_ZOOM, fitBounds, screenToWorld, worldToScreen, zoomAt, type Camera } from './camera';

const camera = fc.record({ x: fc.double({ min: -5000, max: 5000, noNaN: true }), y: fc.double({ min: -5000, max: 5000, noNaN: true }), zoom: fc.double({ min: MIN_ZOOM, max: MAX_ZOOM, noNaN: true }) });
const point = fc.record({ x: fc.double({ min: -5000, max: 5000, noNaN: true }), y: fc.double({ min: -5000, max: 5000, noNaN: true }) });

describe('camera', () => {
  it('screenToWorld undoes worldToScreen', () => {
    fc.assert(
      fc.property(camera, point, (c, p) => {
        const back = screenToWorld(c, worldToScreen(c, p));
        expect(back.x).toBeCloseTo(p.x, 6);
        expect(back.y).toBeCloseTo(p.y, 6);
      }),
    );
  });

  it('zooming at a point keeps the world point under it where it was', () => {
    fc.assert(
      fc.property(camera, point, fc.double({ min: 0.2, max: 5, noNaN: true }), (c, s, f) => {
        const before = screenToWorld(c, s);
        const after = screenToWorld(zoomAt(c, s, f), s);
        expect(after.x).toBeCloseTo(before.x, 5);
        expect(after.y).toBeCloseTo(before.y, 5);
      }),
    );
  });

  it('never zooms past its limits', () => {
    const c: Camera = { x: 0, y: 0, zoom: 1 };
    expect(zoomAt(c, { x: 0, y: 0 }, 1000).zoom).toBe(MAX_ZOOM);
    expect(zoomAt(c, { x: 0, y: 0 }, 0.0001).zoom).toBe(MIN_ZOOM);
  });

  it('zoom to fit shows the whole scene inside the viewport, centred', () => {
    const bounds = { x: 100, y: -50, w: 900, h: 400 };
    const c = fitBounds(bounds, { w: 1200, h: 800 });
    const tl = worldToScreen(c, bounds);
    const br = worldToScreen(c, { x: bounds.x + bounds.w, y: bounds.y + bounds.h });
    expect(tl.x).toBeGreaterThanOrEqual(48 - 1e-9);
    expect(br.x).toBeLessThanOrEqual(1200 - 48 + 1e-9);
    expect(tl.y).toBeGreaterThanOrEqual(0);
    expect(br.y).toBeLessThanOrEqual(800);
    expect((tl.x + br.x) / 2).toBeCloseTo(600, 6);
    expect((tl.y + br.y) / 2).toBeCloseTo(400, 6);
  });
});
