import { Application, Container, Graphics, Rectangle, TilingSprite, type Texture, type Ticker } from 'pixi.js';
import type { Workspace } from '../engine/workspace';
import { fitBounds, screenToWorld, worldToScreen, type Camera, type Rect } from './camera';
import { EffectsLayer } from './effectsLayer';
import { CONTAINER, GRID, centre, containerAt, nodeAt, sceneGeometry, type SceneGeometry, type SceneKind } from './geometry';
import type { DispatchResult } from '../engine/store';
import { createInteraction } from './interaction';
import { Overlay } from './overlay';
import { PacketLayer, type PlacedPacket } from './packetLayer';
import { SceneLayer } from './sceneLayer';
import { THEMES, type Theme, type ThemeName } from './theme';
import { describeHover, type HoverInfo } from './hover';

export type { HoverInfo } from './hover';

/** The renderer Pixi actually picked; WebGL can silently fall back to 'canvas', so ask, don't assume. */
export type RendererKind = 'webgl' | 'webgpu' | 'canvas';

export interface RenderEngineOptions {
  /**
   * Pinned to 'webgl' by default: headless Chromium reports WebGPU frames but presents nothing,
   * and WebGL works everywhere we test (software SwiftShader included).
   */
  preference?: 'webgl' | 'webgpu';
  theme?: ThemeName;
  /** The document and simulation to show; without one the canvas is an empty grid. */
  workspace?: Workspace;
  /** Hover information for a tooltip, or null when the pointer is over nothing. */
  onHover?: (info: HoverInfo | null) => void;
  /** A refusal to show the person (a fire-tool drag that could not send). */
  onMessage?: (message: string) => void;
  reducedMotion?: boolean;
}

type Phase = 'idle' | 'initializing' | 'ready' | 'destroyed';

const GRID_STEP = 24;

/**
 * Owns the Pixi `Application` and its lifetime, and draws a workspace: the scene, packets in
 * flight, effects and the overlay, one frame per tick of Pixi's ticker. The ticker also drives
 * the workspace's clock, so simulated time and drawing never disagree.
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
  private grid: TilingSprite | null = null;
  private theme: Theme;
  private readonly world = new Container({ label: 'world' });
  private readonly scene = new SceneLayer();
  private packets: PacketLayer | null = null;
  private effects: EffectsLayer;
  private readonly overlay = new Overlay();
  /** A ring around the packet the inspector follows. */
  private readonly focusRing = new Graphics({ label: 'packet-focus' });
  private focusColor = -1;
  /** A glow on the checkpoint of the chosen process-table row. */
  private readonly checkpointGlow = new Graphics({ label: 'checkpoint-focus' });
  private shownCheckpoint: unknown = null;
  private geometry: SceneGeometry = { nodes: new Map(), bounds: null };
  private sceneVersion = 0;
  private shown: { doc: unknown; selection: unknown; theme: string } = { doc: null, selection: null, theme: '' };
  private cam: Camera = { x: 0, y: 0, zoom: 1 };
  private fitted = false;
  private overlayDirty = true;
  /** Badge counts are read at most every 100 ms of real time, and only after a change. */
  private sinceCount = Number.POSITIVE_INFINITY;
  private countedVersion = -1;
  private disposers: (() => void)[] = [];
  private lastFrameMs = 0;
  /** Something on screen changed since the last render: the canvas renders only then. */
  private needsRender = true;
  private lastCamera: Camera | null = null;
  private movingLastFrame = false;
  /** Scale of the camera in screen pixels per world unit, and how long (real ms) it has held. */
  private scale = 0;
  private scaleHeldMs = 0;
  /** Largest side of the texture the node views may be cached in. */
  private cacheSide = 0;
  private lastNow = Number.NaN;

  constructor(
    private readonly parent: HTMLElement,
    private readonly options: RenderEngineOptions = {},
  ) {
    this.theme = THEMES[options.theme ?? 'dark'];
    this.effects = new EffectsLayer(this.theme);
  }

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

  get camera(): Camera {
    return this.cam;
  }

  setCamera(c: Camera): void {
    this.cam = c;
    this.fitted = true;
    this.overlayDirty = true;
  }

  setTheme(name: ThemeName): void {
    if (this.theme.name === name) return;
    this.theme = THEMES[name];
    if (this.phase !== 'ready') return;
    this.app.renderer.background.color = this.theme.background;
    this.effects.setTheme(this.theme);
    this.bakeGrid();
    this.needsRender = true;
    this.packets?.destroy();
    this.packets = new PacketLayer(this.app.renderer, this.theme);
    this.world.addChildAt(this.packets.root, 1);
    this.overlayDirty = true;
  }

  get themeName(): ThemeName {
    return this.theme.name;
  }

  /** The scene as drawn: node rectangles in world coordinates. */
  get scene_(): SceneGeometry {
    return this.geometry;
  }

  /** Client (page) coordinates of a node's centre, or null if it is not on the canvas. */
  nodeOnScreen(id: string): { x: number; y: number } | null {
    const n = this.geometry.nodes.get(id);
    if (!n || !this.canvas) return null;
    return this.toClient(centre(n.rect));
  }

  toClient(p: { x: number; y: number }): { x: number; y: number } {
    const s = worldToScreen(this.cam, p);
    const r = this.parent.getBoundingClientRect();
    return { x: r.left + s.x, y: r.top + s.y };
  }

  /** World coordinates of a client (page) point: where a palette drop lands. */
  clientToWorld(clientX: number, clientY: number): { x: number; y: number } {
    const r = this.parent.getBoundingClientRect();
    return screenToWorld(this.cam, { x: clientX - r.left, y: clientY - r.top });
  }

  zoomToFit(): void {
    const b = this.geometry.bounds;
    if (!b) return;
    this.setCamera(fitBounds(b, this.viewport()));
  }

  zoomBy(factor: number): void {
    const v = this.viewport();
    const c = this.cam;
    const zoom = Math.min(4, Math.max(0.1, c.zoom * factor));
    const anchor = screenToWorld(c, { x: v.w / 2, y: v.h / 2 });
    this.setCamera({ zoom, x: v.w / 2 - anchor.x * zoom, y: v.h / 2 - anchor.y * zoom });
  }

  /**
   * Creates a node where a palette item was dropped: a card centred on the grid point under the
   * pointer, a container with its corner there; the container under the point becomes its parent.
   */
  dropNode(kind: SceneKind, clientX: number, clientY: number): DispatchResult {
    const ws = this.options.workspace;
    if (!ws) return { ok: false, error: 'The canvas shows no document' };
    const w = this.clientToWorld(clientX, clientY);
    const at = { x: Math.round(w.x / GRID) * GRID, y: Math.round(w.y / GRID) * GRID };
    const parentKind = kind === 'instance' ? 'subnet' : kind === 'subnet' || kind === 'igw' || kind === 'client' ? 'vpc' : null;
    const parent = parentKind ? containerAt(this.geometry, w, parentKind) : null;
    const layout =
      kind === 'vpc' || kind === 'subnet'
        ? { x: at.x - CONTAINER[kind].w / 2, y: at.y - CONTAINER[kind].h / 2, w: CONTAINER[kind].w, h: CONTAINER[kind].h }
        : at;
    const r = ws.dispatch({ type: 'node.add', kind, at: layout, ...(parent ? { parentId: parent.id } : {}) });
    if (r.ok) ws.select(r.created.slice(0, 1));
    return r;
  }

  /**
   * Adds a node without a mouse (a palette item clicked or pressed with Enter): inside the selected
   * container that can hold it, else at the centre of the view.
   */
  addAtCentre(kind: SceneKind): DispatchResult {
    const ws = this.options.workspace;
    const want = kind === 'instance' ? 'subnet' : kind === 'subnet' || kind === 'igw' ? 'vpc' : null;
    let target = screenToWorld(this.cam, { x: this.app.screen.width / 2, y: this.app.screen.height / 2 });
    for (const id of ws?.snapshot.selection ?? []) {
      const n = this.geometry.nodes.get(id);
      if (n && n.kind === want) target = kind === 'igw' ? { x: n.rect.x, y: n.rect.y + n.rect.h / 2 } : centre(n.rect);
    }
    const c = this.toClient(target);
    return this.dropNode(kind, c.x, c.y);
  }

  /** Attaches a security group to the instance under a client point (a chip dropped on it). */
  dropGroup(groupId: string, clientX: number, clientY: number): DispatchResult {
    const ws = this.options.workspace;
    if (!ws) return { ok: false, error: 'The canvas shows no document' };
    const hit = nodeAt(this.geometry, this.clientToWorld(clientX, clientY));
    if (!hit || hit.kind !== 'instance') return { ok: false, error: 'Drop a security group on an EC2 instance to attach it' };
    return ws.dispatch({ type: 'group.attach', target: hit.id, groupId });
  }

  placedPackets(): PlacedPacket[] {
    return this.packets?.placed() ?? [];
  }

  activeEffects(): { kind: string; x: number; y: number }[] {
    return this.effects.active();
  }

  /** Script time of the last frame in ms (for the render benchmark). */
  get frameCost(): number {
    return this.lastFrameMs;
  }

  get nodeCacheScale(): number {
    return this.scene.cacheResolution;
  }

  private viewport(): { w: number; h: number } {
    return { w: this.app.screen.width, h: this.app.screen.height };
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
        background: this.theme.background,
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
    const renderer = this.app.renderer;
    const gl = 'gl' in renderer ? (renderer.gl as WebGL2RenderingContext) : null;
    // 4,096 px at most: a 4k x 2k texture is already 32 MB of video memory. A scene larger than that
    // at twice the screen's density (most full-screen diagrams at DPR 2) is drawn live.
    this.cacheSide = Math.min(4096, gl ? Number(gl.getParameter(gl.MAX_TEXTURE_SIZE)) : 4096);
    this.bakeGrid();
    this.packets = new PacketLayer(this.app.renderer, this.theme);
    this.world.addChild(this.scene.root, this.checkpointGlow, this.packets.root, this.effects.root, this.focusRing);
    this.app.stage.addChild(this.world, this.overlay.root);
    this.app.canvas.style.display = 'block';
    this.app.canvas.tabIndex = 0;
    this.app.canvas.setAttribute('aria-label', 'Network canvas');
    this.parent.appendChild(this.app.canvas);
    // Pixi's ResizePlugin only listens to window resizes; panels can resize the host without one.
    if (typeof ResizeObserver !== 'undefined') {
      this.resizeObserver = new ResizeObserver(() => {
        this.app.queueResize();
        this.overlayDirty = true;
      });
      this.resizeObserver.observe(this.parent);
    }
    this.app.resize();
    this.attachWorkspace();
  }

  private attachWorkspace(): void {
    const ws = this.options.workspace;
    if (!ws) return;
    const interaction = createInteraction({
      element: this.app.canvas,
      workspace: ws,
      geometry: () => this.geometry,
      camera: () => this.cam,
      setCamera: (c) => this.setCamera(c),
      showMarquee: (r: Rect | null) => {
        this.overlay.setMarquee(r);
        this.overlayDirty = true;
      },
      showFireLine: (line) => {
        this.overlay.setFireLine(line);
        this.overlayDirty = true;
      },
      fired: (error) => {
        if (error) this.options.onMessage?.(error);
      },
      showGuides: (x, y) => {
        this.overlay.setGuides(x, y);
        this.overlayDirty = true;
      },
      packetAt: (p) => this.packets?.packetNear(p.x, p.y, 12 / this.cam.zoom)?.packet.id ?? null,
      minimap: (p) => this.overlay.minimapToWorld(this.geometry, this.cam, this.viewport(), p),
      hover: (w, s) => this.options.onHover?.(w && s ? describeHover(ws, this.geometry, this.packets, w, s, this.cam.zoom) : null),
    });
    const offSim = ws.onSimEvent((e) => {
      if (e.type !== 'packet.step') return;
      const live = ws.sim.livePacket(e.step.packetId) ?? null;
      const path = live ? this.packets?.pathOf(live, this.geometry, this.sceneVersion) ?? null : null;
      this.effects.onStep(e.step, e.time, live, path, this.geometry, ws.timing);
    });
    // Render on demand: a still scene costs no GPU (software WebGL in CI renders a full frame in
    // tens of milliseconds, and laptops keep their battery).
    this.app.ticker.remove(this.app.render, this.app);
    const frame = (ticker: Ticker): void => {
      this.frame(ws, ticker.deltaMS);
      if (this.needsRender) {
        this.needsRender = false;
        this.app.render();
      }
    };
    this.app.ticker.add(frame);
    this.disposers.push(interaction.destroy, offSim, () => this.app.ticker.remove(frame));
  }

  private frame(ws: Workspace, realMs: number): void {
    const t0 = performance.now();
    ws.tick(realMs);
    const cursor = ws.snapshot.composer.tool === 'fire' ? 'crosshair' : '';
    if (this.app.canvas.style.cursor !== cursor && !this.app.canvas.style.cursor.startsWith('grab')) this.app.canvas.style.cursor = cursor;
    const doc = ws.document;
    const { selection, version } = ws.snapshot;
    const now = ws.sim.now();
    this.sinceCount += realMs;
    if (version !== this.countedVersion && this.sinceCount >= 100) {
      if (this.scene.showConntrack(ws.trackedCounts(), this.theme)) this.needsRender = true;
      this.countedVersion = version;
      this.sinceCount = 0;
    }
    if (this.shown.doc !== doc || this.shown.selection !== selection || this.shown.theme !== this.theme.name) {
      if (this.shown.doc !== doc) {
        this.geometry = sceneGeometry(doc);
        this.sceneVersion++;
      }
      this.scene.update(doc, this.geometry, selection, this.theme);
      this.needsRender = true;
      this.shown = { doc, selection, theme: this.theme.name };
      this.overlayDirty = true;
    }
    if (!this.fitted && this.geometry.bounds && this.app.screen.width > 0) {
      this.cam = fitBounds(this.geometry.bounds, this.viewport());
      this.fitted = true;
    }
    if (this.lastCamera !== this.cam) {
      this.lastCamera = this.cam;
      this.needsRender = true;
    }
    this.world.position.set(this.cam.x, this.cam.y);
    this.world.scale.set(this.cam.zoom);
    this.followScale(realMs);
    if (this.grid) {
      this.grid.tilePosition.set(this.cam.x, this.cam.y);
      this.grid.tileScale.set(this.cam.zoom);
    }
    const drawn = this.packets?.update(ws.sim, this.geometry, this.sceneVersion, ws.timing.checkMs, now, this.options.reducedMotion ?? false) ?? 0;
    const effects = this.effects.update(now);
    this.placeFocus(ws.snapshot.packet);
    if (this.shownCheckpoint !== ws.snapshot.checkpoint || this.shown.doc !== this.glowDoc) this.drawCheckpointGlow(ws);
    // Packets and effects move only when simulated time does (a paused scene costs nothing); one
    // more render after the last of them goes clears it from the screen.
    const moving = (drawn > 0 || effects > 0) && now !== this.lastNow;
    if (moving || this.movingLastFrame) this.needsRender = true;
    this.movingLastFrame = moving;
    this.lastNow = now;
    if (this.overlayDirty) {
      this.needsRender = true;
      this.overlay.draw(this.geometry, this.cam, this.viewport(), this.theme);
      this.overlayDirty = false;
    }
    this.lastFrameMs = performance.now() - t0;
  }

  /**
   * Redraws the cached node views at the camera's scale once a zoom has held still for a moment;
   * during a zoom gesture the last texture is stretched, as map and design tools do.
   */
  private followScale(realMs: number): void {
    // Twice the screen's density: drawn at exactly the screen's, small labels came out grainier
    // than live drawing (two resamplings); at twice, the two can't be told apart in screenshots.
    const scale = 2 * this.app.renderer.resolution * this.cam.zoom;
    if (scale !== this.scale) {
      this.scale = scale;
      this.scaleHeldMs = 0;
    } else {
      this.scaleHeldMs += realMs;
    }
    const asked = this.scene.requestedResolution;
    if (scale !== asked && (this.scaleHeldMs >= 150 || asked === 0)) {
      this.scene.cacheAt(scale, this.cacheSide);
      this.needsRender = true;
    }
  }

  private glowDoc: unknown = null;

  /** Outlines where the chosen row's check happened: the group ring, the NACL's edge or the gateway. */
  private drawCheckpointGlow(ws: Workspace): void {
    const cp = ws.snapshot.checkpoint;
    this.shownCheckpoint = cp;
    this.glowDoc = this.shown.doc;
    this.needsRender = true;
    const g = this.checkpointGlow.clear();
    if (!cp) return;
    const doc = ws.document;
    let r: Rect | undefined;
    let radius = 14;
    if (cp.hop === 'sg-egress' || cp.hop === 'sg-ingress') {
      const inst = doc.instances.find((i) => i.enis.some((e) => e.id === cp.subjectId));
      const card = inst ? this.geometry.nodes.get(inst.id)?.rect : undefined;
      r = card ? { x: card.x - 9, y: card.y - 9, w: card.w + 18, h: card.h + 18 } : undefined;
    } else if (cp.hop === 'nacl-in' || cp.hop === 'nacl-out') {
      r = this.geometry.nodes.get(cp.subjectId)?.rect;
      radius = 12;
    } else {
      const igw = doc.internetGateways.find((x) => x.vpcId === cp.subjectId || x.id === cp.subjectId);
      const n = igw ? this.geometry.nodes.get(igw.id)?.rect : undefined;
      r = n ? { x: n.x - 6, y: n.y - 6, w: n.w + 12, h: n.h + 12 } : undefined;
    }
    if (!r) return;
    g.roundRect(r.x, r.y, r.w, r.h, radius).stroke({ width: 4, color: this.theme.guide, alpha: 0.9 });
  }

  private placeFocus(id: string | null): void {
    const at = id ? this.packets?.placed().find((p) => p.packet.id === id) : undefined;
    if (!at) {
      if (this.focusRing.visible) this.needsRender = true;
      this.focusRing.visible = false;
      return;
    }
    if (this.focusColor !== this.theme.selection) {
      this.focusColor = this.theme.selection;
      this.focusRing.clear().circle(0, 0, 22).stroke({ width: 3, color: this.theme.selection }).circle(0, 0, 27).stroke({ width: 1.5, color: this.theme.selection, alpha: 0.5 });
    }
    if (!this.focusRing.visible || this.focusRing.x !== at.x || this.focusRing.y !== at.y) this.needsRender = true;
    this.focusRing.visible = true;
    this.focusRing.position.set(at.x, at.y);
  }

  /** A subtle dot grid: one small baked texture, tiled, and moved with the camera. */
  private bakeGrid(): void {
    const dot = new Graphics().circle(GRID_STEP / 2, GRID_STEP / 2, 1.1).fill({ color: this.theme.gridDot, alpha: this.theme.gridAlpha });
    const old = this.gridTexture;
    this.gridTexture = this.app.renderer.generateTexture({
      target: dot,
      frame: new Rectangle(0, 0, GRID_STEP, GRID_STEP),
      resolution: this.app.renderer.resolution,
      antialias: true,
    });
    dot.destroy();
    if (!this.grid) {
      this.grid = new TilingSprite({ texture: this.gridTexture, width: this.app.screen.width, height: this.app.screen.height });
      this.grid.label = 'background-grid';
      this.app.stage.addChildAt(this.grid, 0);
      this.app.renderer.on('resize', (width: number, height: number) => {
        if (!this.grid) return;
        this.grid.width = width;
        this.grid.height = height;
      });
    } else {
      this.grid.texture = this.gridTexture;
    }
    old?.destroy(true);
  }

  private teardown(): void {
    for (const d of this.disposers.splice(0)) d();
    this.resizeObserver?.disconnect();
    this.resizeObserver = null;
    this.packets?.destroy();
    this.packets = null;
    this.effects.destroy();
    this.scene.destroy();
    // Not `releaseGlobalResources`: those pools are shared with any other live engine (StrictMode
    // keeps the second one), so releasing them here would break it.
    this.app.destroy({ removeView: true }, { children: true, texture: true, textureSource: true });
    this.gridTexture = null;
    this.grid = null;
  }
}

function toRendererKind(name: string): RendererKind {
  if (name === 'webgl' || name === 'webgpu' || name === 'canvas') return name;
  throw new Error(`Unknown Pixi renderer "${name}"`);
}
