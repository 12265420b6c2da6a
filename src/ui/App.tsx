import { useCallback, useEffect, useMemo, useState } from 'react';
import type { RenderEngine } from '../canvas/RenderEngine';
import { BUILTIN_SCENARIOS, DEFAULT_SCENARIO } from '../engine/scenarios';
import { publishWorkspace } from '../engine/testHook';
import { Workspace } from '../engine/workspace';
import { CanvasHost } from './CanvasHost';
import type { DocumentIO } from './documentIO';
import { FileMenu } from './FileMenu';
import { Gallery } from './Gallery';
import { Palette } from './Palette';
import { ProblemsDialog } from './ProblemsDialog';
import { ShareBanner } from './ShareBanner';
import { SidePanel } from './SidePanel';
import { Toolbar } from './Toolbar';
import { useAnnouncer } from './useAnnouncer';
import { usePersistence, useStartup, type Startup } from './usePersistence';
import { useShortcuts } from './useShortcuts';

function initialTheme(): 'light' | 'dark' {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('stateful.theme') : null;
  if (saved === 'light' || saved === 'dark') return saved;
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

function scenarioNamed(slug: string) {
  return BUILTIN_SCENARIOS.find((s) => s.slug === slug) ?? BUILTIN_SCENARIOS[0];
}

function defaultDocument() {
  const first = scenarioNamed(DEFAULT_SCENARIO);
  if (!first) throw new Error('No built-in scenario was bundled');
  return first.document;
}

export interface AppProps {
  /** Files, share links and autosave; main.tsx passes io/'s, which ui/ may not import itself. */
  io: DocumentIO;
}

export function App({ io }: AppProps) {
  const startup = useStartup(io, defaultDocument);
  // Blank for the few milliseconds storage takes: better than drawing the default scenario and
  // swapping in the restored one a moment later.
  if (!startup) return <div className="app" aria-busy="true" />;
  return <Studio io={io} startup={startup} />;
}

function Studio({ io, startup }: { io: DocumentIO; startup: Startup }) {
  const [ws] = useState(() => new Workspace(startup.document));
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
  const fit = useCallback(() => engine?.zoomToFit(), [engine]);
  const persistence = usePersistence(io, ws, startup, fit);
  const linkProblems = useMemo(
    () => (persistence.linkErrors ? { title: 'The share link could not be opened', errors: persistence.linkErrors, hint: 'Ask for the link again; your own work is showing.' } : null),
    [persistence.linkErrors],
  );

  return (
    <div className="app">
      <Toolbar ws={ws} theme={theme} onTheme={setTheme} onLoad={load} onGallery={() => setGallery(true)} fileMenu={<FileMenu ws={ws} io={io} onOpened={fit} />} />
      <ShareBanner persistence={persistence} />
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
      <ProblemsDialog problems={linkProblems} onClose={persistence.dismissLinkErrors} testId="link-errors" />
      <div className="sr-only" role="log" aria-live="polite" data-testid="announcer">
        {announcement}
      </div>
      <div className={message ? 'toast visible' : 'toast'} role="status" aria-live="polite" data-testid="message">
        {message}
      </div>
    </div>
  );
}
