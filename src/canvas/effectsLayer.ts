/**
 * The moments that teach: a tick where a check allows, a cross and the reason where it drops,
 * "+1 tracked" flying into the instance's connection table when state is recorded, and a ring
 * where a packet is delivered. Effects live in simulated time, so pausing freezes them too.
 */
import { Container, Graphics, Text } from 'pixi.js';
import type { PacketStepEvent } from '../engine/workspace';
import type { LivePacket } from '../engine/workspace';
import { centre, type SceneGeometry } from './geometry';
import type { PacketPath, Pt } from './packetPath';
import { FONT, type Theme } from './theme';

type EffectKind = 'allowed' | 'dropped' | 'recorded' | 'delivered';

interface Effect {
  kind: EffectKind;
  /** What the view shows: views of the same key are interchangeable, so a retired one is reused. */
  key: string;
  view: Container;
  /** Simulated ms: when it appears and how long it stays. */
  startAt: number;
  lifeMs: number;
  from: Pt;
  to: Pt;
}

/** At most this many at once: a flood of packets must not bury the canvas in labels. */
const MAX_EFFECTS = 80;
/** Retired views kept for reuse, per key: the same few labels come back again and again. */
const SPARES_PER_KEY = 8;
/** Kinds of view kept (drop reasons vary with the rules): the rest are destroyed when they retire. */
const SPARE_KEYS = 48;

export interface EffectTiming {
  checkMs: number;
  transitMs: number;
}

/** A pill of words centred on its origin; `wrapAt` (px) lets a long reason take more lines. */
function label(words: string, color: number, t: Theme, wrapAt = 0): Container {
  const c = new Container();
  const wrap = wrapAt > 0 ? { wordWrap: true, wordWrapWidth: wrapAt, align: 'center' as const } : {};
  const txt = new Text({ text: words, resolution: 3, style: { fontFamily: FONT, fontSize: 11, fontWeight: '700', fill: color, ...wrap } });
  const w = txt.width + 14;
  const h = Math.max(20, txt.height + 6);
  c.addChild(new Graphics().roundRect(-w / 2, -h / 2, w, h, 10).fill({ color: t.labelFill, alpha: 0.95 }).stroke({ width: 1.5, color }));
  txt.position.set(-txt.width / 2, -txt.height / 2);
  c.addChild(txt);
  return c;
}

/** The reason's first sentence (the rest explains the general rule), cut only if very long. */
function reason(s: string, max: number): string {
  const end = s.indexOf('. ');
  const first = end < 0 ? s.replace(/\.$/, '') : s.slice(0, end);
  return first.length <= max ? first : `${first.slice(0, max - 1)}…`;
}

export class EffectsLayer {
  readonly root = new Container({ label: 'effects', isRenderGroup: true });
  private effects: Effect[] = [];
  /**
   * Retired views by key. Building a label measures and rasterises its text, which costs more than
   * everything else an effect does, so a busy network reuses a handful of views instead.
   */
  private readonly spares = new Map<string, Container[]>();

  constructor(private theme: Theme) {}

  setTheme(t: Theme): void {
    this.theme = t;
    this.dropSpares();
  }

  /** Reacts to one step of a packet whose path is known. */
  onStep(e: PacketStepEvent, time: number, live: LivePacket | null, path: PacketPath | null, g: SceneGeometry, timing: EffectTiming): void {
    if (!path) return;
    const t = this.theme;
    const hopPoint = (checks: number): Pt => path.points[Math.min(checks, path.points.length - 1)] ?? path.points[0] ?? { x: 0, y: 0 };
    const receiver = live?.to ? g.nodes.get(live.to) : undefined;
    switch (e.step) {
      case 'egress-check':
      case 'ingress-check': {
        if (!e.hop || e.hop.verdict !== 'allow' || !live) return;
        const at = hopPoint(live.checks);
        const tracked = e.hop.decidedBy.kind === 'conntrack';
        // The allow shows when the check is over, after the packet's visible pause.
        const words = tracked ? '✓ tracked connection' : '✓ allowed';
        this.add('allowed', words, () => label(words, tracked ? t.tracked : t.allowed, t), time + timing.checkMs, timing.transitMs * 1.2, { x: at.x, y: at.y - 22 }, { x: at.x, y: at.y - 30 });
        return;
      }
      case 'dropped': {
        const at = hopPoint(live ? live.checks : 0);
        const words = `✕ dropped: ${reason(e.hop?.explanation ?? 'no rule allows it', 160)}`;
        const build = (): Container => {
          const c = new Container();
          const cross = new Graphics().circle(0, 0, 11).fill({ color: t.dropped }).moveTo(-5, -5).lineTo(5, 5).moveTo(5, -5).lineTo(-5, 5).stroke({ width: 2.5, color: 0xffffff });
          const why = label(words, t.dropped, t, 380);
          why.position.set(0, -18 - why.height / 2);
          c.addChild(cross, why);
          return c;
        };
        this.add('dropped', words, build, time, timing.transitMs * 4, at, at, true);
        return;
      }
      case 'state-recorded': {
        if (!receiver || receiver.kind !== 'instance') return;
        const start = hopPoint(path.points.length - 2);
        const badge = { x: receiver.rect.x + receiver.rect.w - 10, y: receiver.rect.y };
        this.add('recorded', '+1 tracked', () => label('+1 tracked', t.tracked, t), time, timing.transitMs * 1.5, start, badge);
        return;
      }
      case 'delivered': {
        if (!receiver) return;
        const { w, h } = receiver.rect;
        const ring = (): Container => new Graphics().roundRect(-w / 2 - 6, -h / 2 - 6, w + 12, h + 12, 14).stroke({ width: 3, color: t.allowed });
        const c = centre(receiver.rect);
        this.add('delivered', `ring ${w}x${h}`, ring, time, timing.transitMs, c, c);
        return;
      }
      default:
        return;
    }
  }

  /** Moves, fades and retires effects at simulated time `now`; returns how many are left. */
  update(now: number): number {
    const kept: Effect[] = [];
    for (const fx of this.effects) {
      const age = now - fx.startAt;
      if (age > fx.lifeMs) {
        this.retire(fx);
        continue;
      }
      kept.push(fx);
      const u = Math.max(0, age) / fx.lifeMs;
      fx.view.visible = age >= 0;
      const move = fx.kind === 'recorded' ? Math.min(1, u * 1.6) : u;
      fx.view.position.set(fx.from.x + (fx.to.x - fx.from.x) * move, fx.from.y + (fx.to.y - fx.from.y) * move);
      fx.view.alpha = u < 0.75 ? 1 : 1 - (u - 0.75) / 0.25;
      if (fx.kind === 'delivered') fx.view.scale.set(1 + u * 0.08);
    }
    this.effects = kept;
    return kept.length;
  }

  /** Effects showing now, by kind: for tests and the live region. */
  active(): { kind: EffectKind; x: number; y: number }[] {
    return this.effects.filter((f) => f.view.visible).map((f) => ({ kind: f.kind, x: f.view.x, y: f.view.y }));
  }

  clear(): void {
    for (const fx of this.effects) fx.view.destroy({ children: true });
    this.effects = [];
    this.dropSpares();
  }

  destroy(): void {
    this.clear();
    this.root.destroy({ children: true });
  }

  private add(kind: EffectKind, key: string, build: () => Container, startAt: number, lifeMs: number, from: Pt, to: Pt, important = false): void {
    if (this.effects.length >= MAX_EFFECTS) {
      if (!important) return;
      const oldest = this.effects.shift();
      if (oldest) this.retire(oldest);
    }
    const view = this.spares.get(key)?.pop() ?? build();
    view.visible = false;
    view.alpha = 1;
    view.scale.set(1);
    view.position.set(from.x, from.y);
    if (view.parent !== this.root) this.root.addChild(view);
    this.effects.push({ kind, key, view, startAt, lifeMs, from, to });
  }

  private retire(fx: Effect): void {
    let list = this.spares.get(fx.key);
    if (!list && this.spares.size < SPARE_KEYS) {
      list = [];
      this.spares.set(fx.key, list);
    }
    if (!list || list.length >= SPARES_PER_KEY) {
      fx.view.destroy({ children: true });
      return;
    }
    // Kept as a hidden child: taken out of the stage, a text gives up its texture and has to be drawn again.
    fx.view.visible = false;
    list.push(fx.view);
  }

  private dropSpares(): void {
    for (const list of this.spares.values()) for (const v of list) v.destroy({ children: true });
    this.spares.clear();
  }
}
