import { useEffect } from 'react';
import type { RenderEngine } from '../canvas/RenderEngine';
import { SPEEDS, type Workspace } from '../engine/workspace';

function typing(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(target.tagName));
}

/**
 * Shortcuts people know from Figma and draw.io: Ctrl/Cmd+Z and Ctrl/Cmd+Shift+Z (or Ctrl+Y),
 * Delete or Backspace, Ctrl/Cmd+D to duplicate, Ctrl/Cmd+A to select all, Escape, Shift+1 to
 * zoom to fit, + and - to zoom, arrows to nudge the selection, F for the fire tool and V to select again; K plays or pauses, and . and , step forward and back, as in
 * video players; J jumps 30 s ahead (Shift+J 5 min), R resets the run, [ and ] change the speed.
 */
export function useShortcuts(ws: Workspace, engine: RenderEngine | null, onMessage: (m: string) => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (typing(e.target)) return;
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      const selection = [...ws.snapshot.selection];
      const report = (r: { ok: boolean; error?: string }): void => {
        if (!r.ok && r.error) onMessage(r.error);
      };
      if (mod && key === 'z') {
        e.preventDefault();
        if (e.shiftKey) ws.redo();
        else ws.undo();
      } else if (mod && key === 'y') {
        e.preventDefault();
        ws.redo();
      } else if (mod && key === 'd') {
        e.preventDefault();
        if (selection.length === 0) return;
        const r = ws.dispatch({ type: 'nodes.duplicate', ids: selection, offset: { x: 48, y: 48 } });
        report(r);
        if (r.ok) ws.select(r.created);
      } else if (mod && key === 'a') {
        e.preventDefault();
        const d = ws.document;
        ws.select([...d.instances.map((i) => i.id), ...d.externalHosts.map((h) => h.id)]);
      } else if (key === 'delete' || key === 'backspace') {
        if (selection.length === 0) return;
        e.preventDefault();
        report(ws.dispatch({ type: 'nodes.delete', ids: selection }));
      } else if (key.startsWith('arrow') && selection.length > 0) {
        // One grid step per press, or one pixel with Alt (which also bypasses snapping on drags).
        e.preventDefault();
        const by = e.altKey ? 1 : 24;
        const dx = key === 'arrowleft' ? -by : key === 'arrowright' ? by : 0;
        const dy = key === 'arrowup' ? -by : key === 'arrowdown' ? by : 0;
        report(ws.dispatch({ type: 'nodes.move', ids: selection, dx, dy }));
      } else if (key === 'escape') {
        ws.select([]);
      } else if (e.shiftKey && e.code === 'Digit1') {
        engine?.zoomToFit();
      } else if (!mod && (key === '+' || key === '=')) {
        engine?.zoomBy(1.2);
      } else if (!mod && (key === '-' || key === '_')) {
        engine?.zoomBy(1 / 1.2);
      } else if (!mod && key === 'f') {
        ws.setComposer({ tool: ws.snapshot.composer.tool === 'fire' ? 'select' : 'fire' });
      } else if (!mod && key === 'v') {
        ws.setComposer({ tool: 'select' });
      } else if (!mod && key === 'k') {
        ws.togglePlay();
      } else if (!mod && key === '.') {
        ws.step();
      } else if (!mod && key === ',') {
        ws.stepBack();
      } else if (!mod && key === 'j') {
        ws.jump(e.shiftKey ? 300_000 : 30_000);
      } else if (!mod && key === 'r' && !e.shiftKey) {
        ws.resetRun();
      } else if (!mod && (key === '[' || key === ']')) {
        const i = SPEEDS.indexOf(ws.snapshot.speed as (typeof SPEEDS)[number]);
        const next = SPEEDS[Math.max(0, Math.min(SPEEDS.length - 1, (i < 0 ? SPEEDS.indexOf(1) : i) + (key === ']' ? 1 : -1)))];
        if (next !== undefined) ws.setSpeed(next);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [ws, engine, onMessage]);
}
