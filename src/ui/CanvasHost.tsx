import { useEffect, useRef } from 'react';
import { RenderEngine, type RenderEngineOptions } from '../canvas/RenderEngine';
import { attachRendererProbe } from '../engine/testHook';

export interface CanvasHostProps {
  preference?: RenderEngineOptions['preference'];
  background?: number;
}

/**
 * The one place React meets Pixi: a div that a RenderEngine fills. The engine is created per
 * mount and destroyed on unmount; RenderEngine copes with StrictMode destroying the first one
 * while its async init is still running.
 */
export function CanvasHost({ preference = 'webgl', background }: CanvasHostProps) {
  const hostRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    const host = hostRef.current;
    if (!host) return;
    const options: RenderEngineOptions = { preference };
    if (background !== undefined) options.background = background;
    const engine = new RenderEngine(host, options);
    const detach = attachRendererProbe(engine);
    engine.init().catch((error: unknown) => {
      console.error('Stateful: the canvas could not start', error);
    });
    return () => {
      detach();
      engine.destroy();
    };
  }, [preference, background]);

  return <div ref={hostRef} className="canvas-host" data-testid="canvas-host" />;
}
