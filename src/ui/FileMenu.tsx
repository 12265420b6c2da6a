/**
 * The toolbar's file actions: open a scenario file, save the document as one, and copy a share
 * link. Opening goes through the same schema as every other way in, and a refused file lists
 * each field's problem while the document stays as it was; an opened file replaces the document
 * as one undoable edit, like picking a built-in scenario.
 */
import { useEffect, useRef, useState, type ChangeEvent } from 'react';
import type { Workspace } from '../engine/workspace';
import type { DocumentIO } from './documentIO';
import { ProblemsDialog, type Problems } from './ProblemsDialog';
import './persistence.css';

export interface FileMenuProps {
  ws: Workspace;
  io: DocumentIO;
  /** After a file has replaced the document (to fit the view to it). */
  onOpened: () => void;
}

/** Links past this length get cut by some chat apps and mail clients; the popover says so. */
const LONG_LINK = 8000;

interface Shared {
  url: string;
  copied: boolean;
}

export function FileMenu({ ws, io, onOpened }: FileMenuProps) {
  const input = useRef<HTMLInputElement>(null);
  const [problems, setProblems] = useState<Problems | null>(null);
  const [shared, setShared] = useState<Shared | null>(null);

  const open = async (e: ChangeEvent<HTMLInputElement>) => {
    const el = e.currentTarget;
    const file = el.files?.[0];
    if (!file) return;
    // Cleared now, so choosing the same file again (after fixing it) fires another change.
    el.value = '';
    const title = `“${file.name}” was not opened`;
    let text: string;
    try {
      text = await file.text();
    } catch {
      setProblems({ title, errors: ['the file could not be read'], hint: 'Check that it is still there and try again.' });
      return;
    }
    const r = io.readScenario(text);
    if (!r.ok) {
      setProblems({ title, errors: r.errors, hint: 'Fix these fields and open the file again.' });
      return;
    }
    const loaded = ws.load(r.document);
    if (!loaded.ok) setProblems({ title, errors: [loaded.error], hint: 'Fix the file and open it again.' });
    else onOpened();
  };

  const save = () => {
    const { text, fileName } = io.writeScenario(ws.document);
    const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    a.click();
    // The download has started from the URL by the next task; revoking sooner can cancel it.
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };

  const share = async () => {
    const url = `${location.origin}${location.pathname}${location.search}${await io.encodeShareLink(ws.document)}`;
    let copied = false;
    try {
      await navigator.clipboard.writeText(url);
      copied = true;
    } catch {
      // Refused (no permission, no focus, plain http): the popover's text field still offers it.
    }
    setShared({ url, copied });
  };

  return (
    <div className="group file-menu" aria-label="File">
      <button type="button" data-testid="file-open" onClick={() => input.current?.click()} title="Open a scenario file (.json)">
        Open…
      </button>
      <input ref={input} type="file" accept=".json,application/json" hidden data-testid="file-input" onChange={(e) => void open(e)} />
      <button type="button" data-testid="file-save" onClick={save} title="Save the document as a scenario file">
        Save
      </button>
      <button type="button" data-testid="share-copy" onClick={() => void share()} title="A link that opens a copy of this document">
        Share link
      </button>
      {shared ? <SharePopover shared={shared} onClose={() => setShared(null)} /> : null}
      <ProblemsDialog problems={problems} onClose={() => setProblems(null)} testId="file-errors" />
    </div>
  );
}

function SharePopover({ shared, onClose }: { shared: Shared; onClose: () => void }) {
  const field = useRef<HTMLInputElement>(null);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    field.current?.select();
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    const onDown = (e: PointerEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) onClose();
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onDown);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onDown);
    };
  }, [onClose]);
  return (
    <div ref={box} className="share-popover" role="dialog" aria-label="Share link" data-testid="share-popover">
      <label>
        <span>{shared.copied ? 'Copied to the clipboard. Anyone with this link opens a copy:' : 'Copy this link; anyone who opens it gets a copy:'}</span>
        <input ref={field} type="text" readOnly value={shared.url} data-testid="share-link" onFocus={(e) => e.currentTarget.select()} />
      </label>
      {shared.url.length > LONG_LINK ? <p className="warn">This link is long ({shared.url.length} characters); some apps cut long links. Saving a file is safer.</p> : null}
      <p className="muted">The document travels inside the link itself; no server sees it.</p>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </div>
  );
}
