import { Application, Graphics, Rectangle, TilingSprite, type Texture } from 'pixi.js';

/** The renderer Pixi actually picked; WebGL can silently fall back to 'canvas', so ask, don't assume. */
export type RendererKind = 'webgl' | 'webgpu' | 'canvas';

export interface RenderEngineOptions {
  /**
   * Pinned to 'webgl' by default: headless Chromium reports WebGPU frames but presents nothing,
   * and WebGL works everywhere we test (software SwiftShader included).
   */
  preference?: 'webgl' | 'webgpu';
  /** Background colour as 0xRRGGBB. */
  background?: number;
}

type Phase = 'idle' | 'initializing' | 'ready' | 'destroyed';

const DEFAULT_BACKGROUND = 0x0b1220;
const GRID_STEP = 24;
const GRID_DOT = { radius: 1.1, color: 0x94a3b8, alpha: 0.22 };

/**
 * Owns the Pixi `Application` and its lifetime.
 *
 * Pixi 8's `app.init()` is async and `app.destroy()` throws if called before it finishes (the
 * renderer is not there yet) or twice (everything is nulled). React StrictMode mounts, unmounts and
 * mounts again, so the first engine is usually destroyed mid-init. Hence:
 * - `init()` is idempotent and never rejects because of a concurrent `destroy()`;
 * - `destroy()` is idempotent and safe at any time: before init it marks the engine dead and the
 *   teardown runs when init settles;
 * - the canvas is attached to the parent only once init has finished and the engine is still
 *   alive, so a discarded engine never shows up in the DOM.
 */
export class RenderEngine {
  private readonly app = new Application();
  private phase: Phase = 'idle';
  private initPromise: Promise<void> | null = null;
  private resizeObserver: ResizeObserver | null = null;
  private gridTexture: Texture | null = null;

  constructor(
    private readonly parent: HTMLElement,
    private readonly options: RenderEngineOptions = {},
  ) {}

  /** Creates and initialises an engine; the caller owns it and must `destroy()` it. */
  static async create(parent: HTMLElement, options: RenderEngineOptions = {}): Promise<RenderEngine> {
    const engine = new RenderEngine(parent, options);
    await engine.init();
    return engine;
  }

  /** Starts Pixi and attaches the canvas. Resolves once ready, or once a concurrent destroy() is done. */
  init(): Promise<void> {
    this.initPromise ??= this.start();
    return this.initPromise;
  }

  /** Tears everything down and removes the canvas. Idempotent; safe before init() finishes. */
  destroy(): void {
    const wasReady = this.phase === 'ready';
    const wasStarted = this.phase !== 'idle';
    this.phase = 'destroyed';
    // Mid-init: start() sees the phase when app.init() settles and tears down there.
    if (wasReady) this.teardown();
    else if (!wasStarted) this.initPromise = Promise.resolve();
  }

  /** The renderer in use, or null while not initialised (or after destroy). */
  rendererType(): RendererKind | null {
    if (this.phase !== 'ready') return null;
    return toRendererKind(this.app.renderer.name);
  }

  get isReady(): boolean {
    return this.phase === 'ready';
  }

  /** The canvas element, once ready. */
  get canvas(): HTMLCanvasElement | null {
    return this.phase === 'ready' ? this.app.canvas : null;
  }

  private async start(): Promise<void> {
    if (this.phase !== 'idle') return;
    this.phase = 'initializing';
    try {
      await this.app.init({
        resizeTo: this.parent,
        resolution: globalThis.devicePixelRatio || 1,
        autoDensity: true,
        antialias: true,
        preference: this.options.preference ?? 'webgl',
        background: this.options.background ?? DEFAULT_BACKGROUND,
      });
    } catch (error) {
      // Phase may have been set to 'destroyed' concurrently; compare the string, not the narrowed type.
      const destroyed = (this.phase as Phase) === 'destroyed';
      this.phase = 'destroyed';
      if (destroyed) return;
      throw error;
    }
    if ((this.phase as Phase) === 'destroyed') {
      // destroy() was called while app.init() was running: the app is complete now, so it can go.
      this.teardown();
      return;
    }
    this.phase = 'ready';
    this.drawBackgroundGrid();
    this.app.canvas.style.display = 'block';
    this.parent.appendChild(this.app.canvas);
    // Pixi's ResizePlugin only listens to window resizes; panels can resize the host without one.
    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver = new ResizeObserver(() => this.app.queueResize());
      this.resizeObserver.observe(this.parent);
    }
    this.app.resize();
  }

  /** A subtle dot grid: one small baked texture, tiled; nothing is redrawn per frame. */
  private drawBackgroundGrid(): void {
    const dot = new Graphics()
      .circle(GRID_STEP / 2, GRID_STEP / 2, GRID_DOT.radius)
      .fill({ color: GRID_DOT.color, alpha: GRID_DOT.alpha });
    this.gridTexture = this.app.renderer.generateTexture({
      target: dot,
      frame: new Rectangle(0, 0, GRID_STEP, GRID_STEP),
      resolution: this.app.renderer.resolution,
      antialias: true,
    });
    dot.destroy();
    const grid = new TilingSprite({
      texture: this.gridTexture,
      width: this.app.screen.width,
      height: this.app.screen.height,
    });
    grid.label = 'background-grid';
    this.app.stage.addChild(grid);
    this.app.renderer.on('resize', (width: number, height: number) => {
      grid.width = width;
      grid.height = height;
    });
  }

  private teardown(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    // Not `releaseGlobalResources`: those pools are shared with any other live engine (StrictMode
    // keeps the second one), so releasing them here would break it.
    this.app.destroy({ removeView: true }, { children: true, texture: true, textureSource: true });
    this.gridTexture = null;
  }
}

function toRendererKind(name: string): RendererKind {
  if (name === 'webgl' || name === 'webgpu' || name === 'canvas') return name;
  throw new Error(`Unknown Pixi renderer "${name}"`);
}
