import type { ReactNode } from 'react';
import { BUILTIN_SCENARIOS } from '../engine/scenarios';
import { SPEEDS, type Workspace } from '../engine/workspace';
import { Icon } from './Icon';
import { useWorkspace } from './useWorkspace';

export interface ToolbarProps {
  ws: Workspace;
  theme: 'light' | 'dark';
  onTheme: (t: 'light' | 'dark') => void;
  onLoad: (slug: string) => void;
  onGallery: () => void;
  /** Open, save and share: passed in, because they need io/ services only the App holds. */
  fileMenu?: ReactNode;
}

export function Toolbar({ ws, theme, onTheme, onLoad, onGallery, fileMenu }: ToolbarProps) {
  const { playing, speed } = useWorkspace(ws);
  const slug = BUILTIN_SCENARIOS.find((s) => s.document.name === ws.document.name)?.slug ?? '';
  return (
    <header className="toolbar" role="toolbar" aria-label="Stateful">
      <div className="brand">
        <h1>Stateful</h1>
        <span className="tagline">What security groups and network ACLs do to each packet</span>
      </div>
      <label className="field">
        <span className="wide-only">Scenario</span>
        <select data-testid="scenario-select" aria-label="Scenario" value={slug} onChange={(e) => onLoad(e.target.value)}>
          {slug === '' ? <option value="">{ws.document.name} (edited)</option> : null}
          {BUILTIN_SCENARIOS.map((s) => (
            <option key={s.slug} value={s.slug}>
              {s.document.name}
            </option>
          ))}
        </select>
      </label>
      <button type="button" data-testid="open-gallery" onClick={onGallery} title="The built-in scenarios, with what to watch in each">
        Gallery
      </button>
      {fileMenu}
      <div className="group" aria-label="Playback">
        <button type="button" data-testid="play-pause" onClick={() => ws.togglePlay()} title={playing ? 'Pause (K)' : 'Play (K)'} aria-label={playing ? 'Pause' : 'Play'} aria-pressed={playing}>
          {playing ? <Icon name="pause" /> : <Icon name="play" />}
          <span className="wide-only">{playing ? 'Pause' : 'Play'}</span>
        </button>
        <span className="sim-time" data-testid="sim-time" title="Simulated time since the run started">
          t = {(ws.sim.now() / 1000).toFixed(3)} s
        </span>
        <button type="button" data-testid="step-back" onClick={() => ws.stepBack()} title="Back to the previous step (,)" aria-label="Step back">
          <Icon name="back" />
        </button>
        <button type="button" data-testid="step" onClick={() => ws.step()} title="Step to the next packet step (.)" aria-label="Step">
          <Icon name="step" /> <span className="wide-only">Step</span>
        </button>
        <label className="field compact">
          <span className="wide-only">Speed</span>
          <select data-testid="speed" aria-label="Speed" value={speed} onChange={(e) => ws.setSpeed(Number(e.target.value))} title="At 1×, one simulated millisecond lasts 50 ms on screen ([ and ])">
            {SPEEDS.map((s) => (
              <option key={s} value={s}>
                {s}×
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="jump-30s" onClick={() => ws.jump(30_000)} title="Jump 30 simulated seconds ahead, to watch idle timeouts expire (J)">
          +30 s
        </button>
        <button type="button" data-testid="jump-5min" onClick={() => ws.jump(300_000)} title="Jump 5 simulated minutes ahead (Shift+J)">
          +5 min
        </button>
        <button type="button" data-testid="reset-run" onClick={() => ws.resetRun()} title="Start the run again: no packets, empty connection tables (R)" aria-label="Reset">
          <Icon name="reset" /> <span className="wide-only">Reset</span>
        </button>
      </div>
      <div className="group" aria-label="Edit">
        <button type="button" data-testid="undo" onClick={() => ws.undo()} disabled={!ws.store.canUndo} title="Undo (Ctrl+Z)" aria-label="Undo">
          <Icon name="undo" />
        </button>
        <button type="button" data-testid="redo" onClick={() => ws.redo()} disabled={!ws.store.canRedo} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">
          <Icon name="redo" />
        </button>
      </div>
      <div className="group" aria-label="Theme">
        <button type="button" data-testid="theme-toggle" onClick={() => onTheme(theme === 'dark' ? 'light' : 'dark')} title="Light or dark theme" aria-label={theme === 'dark' ? 'Light theme' : 'Dark theme'}>
          {theme === 'dark' ? '☀' : '☾'}
          <span className="wide-only">{theme === 'dark' ? 'Light' : 'Dark'}</span>
        </button>
      </div>
    </header>
  );
}
