import { useCallback, useEffect, useState } from 'react';
import type { RenderEngine } from '../canvas/RenderEngine';
import { BUILTIN_SCENARIOS, DEFAULT_SCENARIO } from '../engine/scenarios';
import { publishWorkspace } from '../engine/testHook';
import { Workspace } from '../engine/workspace';
import { CanvasHost } from './CanvasHost';
import { Gallery } from './Gallery';
import { Palette } from './Palette';
import { SidePanel } from './SidePanel';
import { Toolbar } from './Toolbar';
import { useAnnouncer } from './useAnnouncer';
import { useShortcuts } from './useShortcuts';

function initialTheme(): 'light' | 'dark' {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('stateful.theme') : null;
  if (saved === 'light' || saved === 'dark') return saved;
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

function scenarioNamed(slug: string) {
  return BUILTIN_SCENARIOS.find((s) => s.slug === slug) ?? BUILTIN_SCENARIOS[0];
}

export function App() {
  const [ws] = useState(() => {
    const first = scenarioNamed(DEFAULT_SCENARIO);
    if (!first) throw new Error('No built-in scenario was bundled');
    return new Workspace(first.document);
  });
  const [engine, setEngine] = useState<RenderEngine | null>(null);
  const [theme, setTheme] = useState(initialTheme);
  const [message, setMessage] = useState('');
  const [gallery, setGallery] = useState(false);

  useEffect(() => publishWorkspace(ws), [ws]);
  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    localStorage.setItem('stateful.theme', theme);
  }, [theme]);
  useEffect(() => {
    if (!message) return;
    const t = setTimeout(() => setMessage(''), 6000);
    return () => clearTimeout(t);
  }, [message]);

  const onEngine = useCallback((e: RenderEngine | null) => setEngine(e), []);
  const load = useCallback(
    (slug: string) => {
      const s = scenarioNamed(slug);
      if (!s) return;
      const r = ws.load(s.document);
      if (!r.ok) setMessage(r.error);
      engine?.zoomToFit();
    },
    [ws, engine],
  );
  const classic = useCallback(() => {
    // The classic example on a fresh run: load it unless it is already there, then play.
    if (ws.document.name !== scenarioNamed(DEFAULT_SCENARIO)?.document.name) load(DEFAULT_SCENARIO);
    else ws.resetRun();
    ws.runTimeline();
  }, [ws, load]);
  useShortcuts(ws, engine, setMessage);
  const announcement = useAnnouncer(ws);

  return (
    <div className="app">
      <Toolbar ws={ws} theme={theme} onTheme={setTheme} onLoad={load} onGallery={() => setGallery(true)} />
      <main className="app-main">
        <Palette
          onAdd={(kind) => {
            const r = engine?.addAtCentre(kind);
            if (r && !r.ok) setMessage(r.error);
          }}
        />
        <CanvasHost workspace={ws} theme={theme} onEngine={onEngine} onMessage={setMessage} />
        <SidePanel ws={ws} onMessage={setMessage} onClassic={classic} />
      </main>
      <Gallery open={gallery} onClose={() => setGallery(false)} onPick={load} />
      <div className="sr-only" role="log" aria-live="polite" data-testid="announcer">
        {announcement}
      </div>
      <div className={message ? 'toast visible' : 'toast'} role="status" aria-live="polite" data-testid="message">
        {message}
      </div>
    </div>
  );
}
