/**
 * The connection-tracking count on each instance's top-right corner: the table that makes
 * responses pass. It changes with every recorded or expired connection, so it is drawn from one
 * small atlas (pills, the ⇄ sign and the ten digits), as sprites in a render group of its own:
 * a new count swaps the sprites' frames, which makes Pixi rebuild nothing and redraw no text.
 * Only a count that gains or loses a digit changes which sprites are shown.
 */
import { CanvasSource, Container, Rectangle, Sprite, Texture } from 'pixi.js';
import type { SceneNode } from './geometry';
import { FONT, type Theme } from './theme';

/** Allowance caps are 100,000 per instance by default: six digits are enough. */
const MAX_DIGITS = 6;
const HEIGHT = 18;
const PAD = 7;
const FONT_PX = 10.5;

interface Atlas {
  theme: string;
  source: CanvasSource;
  arrow: Texture;
  digits: Texture[];
  /** Pill per digit count (index n - 1), when the count is zero and when it is not. */
  muted: Texture[];
  tracked: Texture[];
  arrowW: number;
  cellW: number;
}

function pillWidth(a: Pick<Atlas, 'arrowW' | 'cellW'>, digits: number): number {
  return Math.ceil(PAD * 2 + a.arrowW + a.cellW * (digits + 0.4));
}

/** Draws the atlas on a 2D canvas at twice the screen density, so the badge stays crisp when zoomed. */
function bakeAtlas(theme: Theme): Atlas {
  const resolution = Math.max(2, (globalThis.devicePixelRatio || 1) * 2);
  const canvas = document.createElement('canvas');
  const probe = canvas.getContext('2d');
  if (!probe) throw new Error('No 2D canvas context for the connection-tracking badges');
  const font = `600 ${FONT_PX}px ${FONT}`;
  probe.font = font;
  const arrowW = Math.ceil(probe.measureText('⇄').width);
  let cellW = 0;
  for (let d = 0; d <= 9; d++) cellW = Math.max(cellW, probe.measureText(String(d)).width);
  cellW = Math.ceil(cellW);
  const metrics = { arrowW, cellW };
  // Row 0: the sign and the digits; rows 1 and 2: the pills, muted then tracked.
  const widest = pillWidth(metrics, MAX_DIGITS);
  const width = Math.max(widest, arrowW + 10 * cellW + 11);
  canvas.width = Math.ceil(width * resolution);
  canvas.height = Math.ceil(HEIGHT * 3 * resolution);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas context for the connection-tracking badges');
  ctx.scale(resolution, resolution);
  ctx.font = font;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  ctx.fillStyle = '#ffffff';
  ctx.fillText('⇄', arrowW / 2, HEIGHT / 2);
  for (let d = 0; d <= 9; d++) ctx.fillText(String(d), arrowW + 1 + d * (cellW + 1) + cellW / 2, HEIGHT / 2);
  const hex = (c: number): string => `#${c.toString(16).padStart(6, '0')}`;
  for (let n = 1; n <= MAX_DIGITS; n++) {
    const w = pillWidth(metrics, n);
    for (const [row, color] of [[1, theme.textMuted], [2, theme.tracked]] as const) {
      ctx.fillStyle = hex(color);
      ctx.beginPath();
      ctx.roundRect(0, row * HEIGHT, w, HEIGHT, HEIGHT / 2);
      ctx.fill();
    }
  }
  const source = new CanvasSource({ resource: canvas, resolution });
  const frame = (x: number, y: number, w: number): Texture => new Texture({ source, frame: new Rectangle(x, y, w, HEIGHT) });
  const pills = (row: number): Texture[] => Array.from({ length: MAX_DIGITS }, (_, i) => frame(0, row * HEIGHT, pillWidth(metrics, i + 1)));
  return {
    theme: theme.name,
    source,
    arrow: frame(0, 0, arrowW),
    digits: Array.from({ length: 10 }, (_, d) => frame(arrowW + 1 + d * (cellW + 1), 0, cellW)),
    muted: pills(1),
    tracked: pills(2),
    arrowW,
    cellW,
  };
}

interface Badge {
  view: Container;
  pill: Sprite;
  arrow: Sprite;
  digits: Sprite[];
  count: number;
  card: { x: number; y: number; w: number };
}

export class ConntrackBadges {
  readonly root = new Container({ label: 'conntrack-badges', isRenderGroup: true });
  private readonly badges = new Map<string, Badge>();
  private counts: ReadonlyMap<string, number> = new Map();
  private atlas: Atlas | null = null;

  /** Keeps one badge per instance card, where the card is. */
  place(nodes: Iterable<SceneNode>, theme: Theme): void {
    const atlas = this.atlasFor(theme);
    const seen = new Set<string>();
    for (const n of nodes) {
      if (n.kind !== 'instance') continue;
      seen.add(n.id);
      let b = this.badges.get(n.id);
      if (!b) {
        const view = new Container({ label: `conntrack:${n.id}` });
        const pill = new Sprite(atlas.muted[0]);
        const arrow = new Sprite(atlas.arrow);
        arrow.position.set(PAD, 0);
        const digits = Array.from({ length: MAX_DIGITS }, (_, i) => {
          const s = new Sprite(atlas.digits[0]);
          s.position.set(PAD + atlas.arrowW + atlas.cellW * (0.4 + i), 0);
          s.visible = false;
          return s;
        });
        view.addChild(pill, arrow, ...digits);
        this.root.addChild(view);
        b = { view, pill, arrow, digits, count: -1, card: { x: 0, y: 0, w: 0 } };
        this.badges.set(n.id, b);
      }
      b.card = { x: n.rect.x, y: n.rect.y, w: n.rect.w };
      this.draw(b, this.counts.get(n.id) ?? 0, atlas, true);
    }
    for (const [id, b] of this.badges) {
      if (seen.has(id)) continue;
      b.view.destroy({ children: true });
      this.badges.delete(id);
    }
  }

  /** Shows new counts; true when a badge changed. */
  show(counts: ReadonlyMap<string, number>, theme: Theme): boolean {
    this.counts = counts;
    const atlas = this.atlasFor(theme);
    let changed = false;
    for (const [id, b] of this.badges) changed = this.draw(b, counts.get(id) ?? 0, atlas, false) || changed;
    return changed;
  }

  destroy(): void {
    this.root.destroy({ children: true });
    this.badges.clear();
    this.atlas?.source.destroy();
    this.atlas = null;
  }

  private atlasFor(theme: Theme): Atlas {
    if (this.atlas?.theme === theme.name) return this.atlas;
    const old = this.atlas;
    this.atlas = bakeAtlas(theme);
    for (const b of this.badges.values()) {
      b.arrow.texture = this.atlas.arrow;
      b.count = -1;
    }
    old?.source.destroy();
    return this.atlas;
  }

  private draw(b: Badge, count: number, atlas: Atlas, placed: boolean): boolean {
    if (b.count === count && !placed) return false;
    const text = String(Math.min(count, 10 ** MAX_DIGITS - 1));
    const n = text.length;
    b.pill.texture = (count > 0 ? atlas.tracked : atlas.muted)[n - 1] as Texture;
    b.digits.forEach((s, i) => {
      const d = i < n ? Number(text[i]) : -1;
      s.visible = d >= 0;
      if (d >= 0) s.texture = atlas.digits[d] as Texture;
    });
    b.count = count;
    b.view.position.set(b.card.x + b.card.w + 6 - pillWidth(atlas, n), b.card.y - 9);
    return true;
  }
}
