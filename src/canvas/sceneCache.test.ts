/** The choice between a cached texture and live drawing for the canvas's node views. */
import { describe, expect, it } from 'vitest';
import { cacheStep } from './sceneCache';

describe('cacheStep: when the node views are drawn from a texture', () => {
  it('caches a scene that fits the largest texture at the asked resolution', () => {
    expect(cacheStep(1600, 900, 2, 4096, 0)).toBe('rescale');
    expect(cacheStep(2048, 900, 2, 4096, 0)).toBe('rescale');
  });

  it('draws the views live when the texture would be larger than allowed, or there is nothing to draw', () => {
    expect(cacheStep(2049, 900, 2, 4096, 0)).toBe('live');
    expect(cacheStep(900, 2049, 2, 4096, 2)).toBe('live');
    expect(cacheStep(0, 0, 1, 4096, 0)).toBe('live');
  });

  it('redraws the same texture when only the views changed, and makes a new one for a new zoom', () => {
    expect(cacheStep(1600, 900, 1.5, 4096, 1.5)).toBe('redraw');
    expect(cacheStep(1600, 900, 2, 4096, 1.5)).toBe('rescale');
  });
});
