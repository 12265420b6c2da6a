import { useEffect, useRef, useState } from 'react';
import { RenderEngine, type HoverInfo, type RenderEngineOptions } from '../canvas/RenderEngine';
import { attachCanvasProbe } from '../engine/testHook';
import type { Workspace } from '../engine/workspace';
import { CanvasOutline } from './CanvasOutline';
import { GROUP_MIME } from './GroupsPanel';
import { NODE_MIME } from './Palette';

export interface CanvasHostProps {
  workspace: Workspace;
  theme: 'light' | 'dark';
  preference?: RenderEngineOptions['preference'];
  /** Receives the engine once it exists, null when it goes (toolbar buttons, palette clicks). */
  onEngine?: (engine: RenderEngine | null) => void;
  onMessage: (message: string) => void;
}

const NODE_KINDS = ['client', 'instance', 'vpc', 'subnet', 'igw'] as const;

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/**
 * The one place React meets Pixi: a div that a RenderEngine fills. The engine is created per
 * mount and destroyed on unmount; RenderEngine copes with StrictMode destroying the first one
 * while its async init is still running. Drops from the palette and the group chips land here.
 */
export function CanvasHost({ workspace, theme, preference = 'webgl', onEngine, onMessage }: CanvasHostProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const engineRef = useRef<RenderEngine | null>(null);
  const [hover, setHover] = useState<HoverInfo | null>(null);
  const [outline, setOutline] = useState(false);
  const initialTheme = useRef(theme);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const engine = new RenderEngine(host, { preference, workspace, theme: initialTheme.current, onHover: setHover, onMessage, reducedMotion: prefersReducedMotion() });
    engineRef.current = engine;
    const detach = attachCanvasProbe(engine);
    onEngine?.(engine);
    engine.init().catch((error: unknown) => {
      console.error('Stateful: the canvas could not start', error);
    });
    return () => {
      detach();
      if (engineRef.current === engine) engineRef.current = null;
      onEngine?.(null);
      engine.destroy();
    };
  }, [preference, workspace, onEngine, onMessage]);

  useEffect(() => {
    engineRef.current?.setTheme(theme);
  }, [theme]);

  return (
    <div
      ref={hostRef}
      className="canvas-host"
      data-testid="canvas-host"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(NODE_MIME) || e.dataTransfer.types.includes(GROUP_MIME)) {
          e.preventDefault();
          e.dataTransfer.dropEffect = e.dataTransfer.types.includes(NODE_MIME) ? 'copy' : 'link';
        }
      }}
      onDrop={(e) => {
        const engine = engineRef.current;
        if (!engine) return;
        e.preventDefault();
        const kind = e.dataTransfer.getData(NODE_MIME);
        const group = e.dataTransfer.getData(GROUP_MIME);
        const known = NODE_KINDS.find((k) => k === kind);
        const r = known ? engine.dropNode(known, e.clientX, e.clientY) : group ? engine.dropGroup(group, e.clientX, e.clientY) : null;
        if (r && !r.ok) onMessage(r.error);
      }}
    >
      <div className="canvas-controls" aria-label="View">
        <button type="button" data-testid="zoom-out" onClick={() => engineRef.current?.zoomBy(1 / 1.2)} title="Zoom out (-)" aria-label="Zoom out">
          −
        </button>
        <button type="button" data-testid="zoom-fit" onClick={() => engineRef.current?.zoomToFit()} title="Zoom to fit (Shift+1)">
          Fit
        </button>
        <button type="button" data-testid="zoom-in" onClick={() => engineRef.current?.zoomBy(1.2)} title="Zoom in (+)" aria-label="Zoom in">
          +
        </button>
        <button type="button" data-testid="outline-toggle" aria-pressed={outline} onClick={() => setOutline((v) => !v)} title="The network as a list, for keyboards and screen readers">
          Outline
        </button>
      </div>
      <CanvasOutline ws={workspace} visible={outline} />
      {hover ? (
        <div className="tooltip" role="tooltip" data-testid="tooltip" style={{ left: hover.x, top: hover.y }}>
          <strong>{hover.title}</strong>
          {hover.lines.map((l, i) => (
            <div key={i}>{l}</div>
          ))}
        </div>
      ) : null}
    </div>
  );
}
