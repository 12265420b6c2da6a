/**
 * The baseline page of the render benchmark: a plain Pixi Application, initialised like
 * RenderEngine's, whose ticker moves 5,000 particles of one small baked texture along straight
 * lines (position interpolated from time, as the app's packets are) and renders. It is the floor:
 * what drawing the same number of moving sprites costs with nothing behind them.
 */
import { bench } from './measure';
import { Application, Graphics, Particle, ParticleContainer, Rectangle } from 'pixi.js';
import { Prng } from '../prng';
import { SPRITES, SPRITE_H, SPRITE_W } from './shared';

interface Mover {
  fromX: number;
  fromY: number;
  dx: number;
  dy: number;
  start: number;
  duration: number;
}

async function main(): Promise<void> {
  const app = new Application();
  await app.init({
    resizeTo: window,
    resolution: globalThis.devicePixelRatio || 1,
    autoDensity: true,
    antialias: true,
    preference: 'webgl',
    background: 0x0f172a,
  });
  document.body.appendChild(app.canvas);

  const shape = new Graphics().roundRect(2, 2, SPRITE_W - 4, SPRITE_H - 4, 8).fill({ color: 0x38bdf8 }).stroke({ width: 1.5, color: 0xffffff, alpha: 0.6 });
  const texture = app.renderer.generateTexture({ target: shape, frame: new Rectangle(0, 0, SPRITE_W, SPRITE_H), resolution: app.renderer.resolution, antialias: true });
  shape.destroy();

  const container = new ParticleContainer({ texture, dynamicProperties: { position: true, uvs: false, color: false, vertex: false, rotation: false } });
  app.stage.addChild(container);
  const rng = new Prng(0x5eed);
  const w = app.screen.width;
  const h = app.screen.height;
  const particles: Particle[] = [];
  const movers: Mover[] = [];
  for (let i = 0; i < SPRITES; i++) {
    const p = new Particle({ texture, anchorX: 0.5, anchorY: 0.5 });
    particles.push(p);
    container.addParticle(p);
    const fromX = rng.next() * w;
    const fromY = rng.next() * h;
    // Two to eight seconds per crossing, started at random phases so arrivals are spread out.
    const duration = 2000 + rng.next() * 6000;
    movers.push({ fromX, fromY, dx: rng.next() * w - fromX, dy: rng.next() * h - fromY, start: -rng.next() * duration, duration });
  }

  app.ticker.add(() => {
    const now = performance.now();
    for (let i = 0; i < SPRITES; i++) {
      const m = movers[i] as Mover;
      const t = ((now - m.start) % m.duration) / m.duration;
      const p = particles[i] as Particle;
      p.x = m.fromX + m.dx * t;
      p.y = m.fromY + m.dy * t;
    }
  });
  bench.info.sprites = SPRITES;
  bench.info.renderer = app.renderer.name;
  bench.info.isolated = String(crossOriginIsolated);
  bench.ready = true;
}

main().catch((error: unknown) => {
  bench.error = error instanceof Error ? error.stack ?? error.message : String(error);
});
