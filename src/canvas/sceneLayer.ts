/**
 * Keeps one view per node in step with the document: a node whose facts changed is rebuilt, a
 * moved one is only repositioned, a deleted one is destroyed. VPCs under subnets under cards,
 * under the cards' connection-tracking badges. The layer is a render group: while no card changes,
 * Pixi reuses its drawing instructions, however busy the packets above it are.
 *
 * The node views are also drawn once into a texture at twice the camera's resolution and shown as
 * one quad (`cacheAsTexture`): 300 cards are about 1,000 text textures, and drawing them live
 * cost about 60 draw calls and 1,300 texture binds in every frame with packets moving. The texture
 * is redrawn when a view changes or the zoom has settled at a new scale, and is not used when the
 * scene at that scale would not fit a texture of `maxSide` pixels (the views are then drawn live).
 */
import { Container } from 'pixi.js';
import type { NetworkDocument } from '../domain/document';
import type { SceneGeometry } from './geometry';
import { ConntrackBadges } from './conntrackBadges';
import { cacheStep } from './sceneCache';
import { buildNodeView, nodeFacts, signature } from './nodeViews';
import type { Theme } from './theme';

interface Entry {
  view: Container;
  sig: string;
}

export class SceneLayer {
  readonly root = new Container({ label: 'scene', isRenderGroup: true });
  private readonly vpcs = new Container({ label: 'vpcs' });
  private readonly subnets = new Container({ label: 'subnets' });
  private readonly cards = new Container({ label: 'cards' });
  /** VPCs, subnets and cards: what the texture holds. The badges change too often to be in it. */
  private readonly still = new Container({ label: 'node views' });
  /** Resolution of the texture the views are drawn from, or 0 while they are drawn live. */
  private cachedAt = 0;
  private wanted = 0;
  private maxSide = 0;
  private readonly badges = new ConntrackBadges();
  private readonly views = new Map<string, Entry>();

  constructor() {
    this.still.addChild(this.vpcs, this.subnets, this.cards);
    this.root.addChild(this.still, this.badges.root);
  }

  update(doc: NetworkDocument, g: SceneGeometry, selection: ReadonlySet<string>, theme: Theme): void {
    for (const [id, e] of this.views) {
      if (!g.nodes.has(id)) {
        e.view.destroy({ children: true });
        this.views.delete(id);
      }
    }
    for (const n of g.nodes.values()) {
      const facts = nodeFacts(doc, n);
      const selected = selection.has(n.id);
      const sig = signature(n, facts, selected, theme);
      let e = this.views.get(n.id);
      if (!e || e.sig !== sig) {
        e?.view.destroy({ children: true });
        const view = buildNodeView(n, facts, selected, theme);
        const layer = n.kind === 'vpc' ? this.vpcs : n.kind === 'subnet' ? this.subnets : this.cards;
        layer.addChild(view);
        e = { view, sig };
        this.views.set(n.id, e);
      }
      e.view.position.set(n.rect.x, n.rect.y);
    }
    this.badges.place(g.nodes.values(), theme);
    this.refreshCache();
  }

  /** The resolution the node views are cached at, 0 when they are drawn live. */
  get cacheResolution(): number {
    return this.cachedAt;
  }

  /** The resolution last asked for with `cacheAt` (0: never), whether or not the scene fits it. */
  get requestedResolution(): number {
    return this.wanted;
  }

  /**
   * Draws the node views from a texture of this resolution (screen pixels per world unit), if the
   * scene fits in `maxSide` pixels at it; otherwise live.
   */
  cacheAt(resolution: number, maxSide: number): void {
    this.wanted = resolution;
    this.maxSide = maxSide;
    this.refreshCache();
  }

  private refreshCache(): void {
    if (this.wanted <= 0) return;
    const b = this.still.getLocalBounds();
    switch (cacheStep(b.width, b.height, this.wanted, this.maxSide, this.cachedAt)) {
      case 'live':
        if (this.cachedAt > 0) this.still.cacheAsTexture(false);
        this.cachedAt = 0;
        return;
      case 'rescale':
        this.still.cacheAsTexture({ resolution: this.wanted, antialias: true });
        this.cachedAt = this.wanted;
        return;
      case 'redraw':
        this.still.updateCacheTexture();
    }
  }

  /** Shows each instance's count of tracked connections; true when a badge changed. */
  showConntrack(counts: ReadonlyMap<string, number>, theme: Theme): boolean {
    return this.badges.show(counts, theme);
  }

  destroy(): void {
    this.badges.destroy();
    this.root.destroy({ children: true });
    this.views.clear();
  }
}
