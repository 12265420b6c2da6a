/**
 * Keeps one view per node in step with the document: a node whose facts changed is rebuilt, a
 * moved one is only repositioned, a deleted one is destroyed. VPCs under subnets under cards,
 * under the cards' connection-tracking badges. The layer is a render group: while no card changes,
 * Pixi reuses its drawing instructions, however busy the packets above it are.
 */
import { Container } from 'pixi.js';
import type { NetworkDocument } from '../domain/document';
import type { SceneGeometry } from './geometry';
import { ConntrackBadges } from './conntrackBadges';
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
  private readonly badges = new ConntrackBadges();
  private readonly views = new Map<string, Entry>();

  constructor() {
    this.root.addChild(this.vpcs, this.subnets, this.cards, this.badges.root);
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
