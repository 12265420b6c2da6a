/** When the canvas's node views are drawn from a texture (see SceneLayer), without Pixi: testable in Node. */
/**
 * What the node views' texture needs: none ('live': empty, or larger than `maxSide` pixels at this
 * resolution), a new one at another resolution ('rescale'), or the same one drawn again ('redraw').
 */
export function cacheStep(width: number, height: number, resolution: number, maxSide: number, cachedAt: number): 'live' | 'rescale' | 'redraw' {
  if (!(width > 0 && height > 0) || Math.max(width, height) * resolution > maxSide) return 'live';
  return cachedAt === resolution ? 'redraw' : 'rescale';
}
