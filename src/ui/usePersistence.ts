/**
 * Where the document comes from when the app opens, and where it goes after every change.
 *
 * Startup: a share link in the URL wins (shown as a copy), else the autosaved document, else
 * the default scenario. The choice is made before the workspace exists (`useStartup`), so the
 * app never draws the default scenario only to swap it a moment later, and the first document
 * is no step of undo.
 *
 * A document opened from a link must not overwrite the person's autosaved work unasked: it is
 * not saved until they keep it or edit it (an edit says "this is what I work on now"), and
 * "Back to my work" puts their own document back. After that, every change is autosaved.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { NetworkDocument } from '../domain/document';
import type { Workspace } from '../engine/workspace';
import type { DocumentIO } from './documentIO';

export interface Startup {
  document: NetworkDocument;
  /** Set when `document` came from a share link and there is autosaved work it must not replace. */
  ownWork: NetworkDocument | null;
  /** Why a share link in the URL could not be opened; null when there was none or it opened. */
  linkErrors: string[] | null;
}

/** The address without its fragment, once the link in it has been dealt with. */
function dropFragment(): void {
  if (location.hash === '') return;
  history.replaceState(history.state, '', `${location.pathname}${location.search}`);
}

async function resolveStartup(io: DocumentIO, fallback: () => NetworkDocument): Promise<Startup> {
  const [saved, link] = await Promise.all([io.loadAutosaved(), io.decodeShareLink(location.hash)]);
  if (link?.ok) {
    // With no work of their own to protect, the link's document simply becomes their work.
    if (!saved) {
      dropFragment();
      io.autosave(link.document);
    }
    return { document: link.document, ownWork: saved, linkErrors: null };
  }
  if (link) dropFragment();
  return { document: saved ?? fallback(), ownWork: null, linkErrors: link ? link.errors : null };
}

// One lookup per page load: StrictMode runs effects twice, and both must see the same answer.
let pending: Promise<Startup> | null = null;

/** The first document, or null while storage and the link are being read (a few milliseconds). */
export function useStartup(io: DocumentIO, fallback: () => NetworkDocument): Startup | null {
  const [startup, setStartup] = useState<Startup | null>(null);
  useEffect(() => {
    let live = true;
    pending ??= resolveStartup(io, fallback);
    void pending.then((s) => {
      if (live) setStartup(s);
    });
    return () => {
      live = false;
    };
  }, [io, fallback]);
  return startup;
}

export interface Persistence {
  /** A document from a link is showing and the person has not yet chosen. */
  fromLink: boolean;
  /** Keeps the linked document: it becomes the autosaved work. */
  keep: () => void;
  /** Puts the person's own autosaved document back and forgets the link. */
  back: () => void;
  /** Why the last share link could not be opened (at startup or pasted into this tab). */
  linkErrors: string[] | null;
  dismissLinkErrors: () => void;
}

/**
 * Autosaves every change of `ws`, and holds the "opened from a link" choice. `onReplaced` runs
 * after the document is swapped by the choice or by a link pasted into this tab (to fit the view).
 */
export function usePersistence(io: DocumentIO, ws: Workspace, startup: Startup, onReplaced: () => void): Persistence {
  const [fromLink, setFromLink] = useState(startup.ownWork !== null);
  const [linkErrors, setLinkErrors] = useState(startup.linkErrors);
  // Refs, not state: the store listener must see the current choice without re-subscribing.
  const ownWork = useRef<NetworkDocument | null>(startup.ownWork);
  const replacing = useRef(false);

  const settle = useCallback(() => {
    ownWork.current = null;
    setFromLink(false);
    dropFragment();
  }, []);

  useEffect(
    () =>
      ws.store.subscribe((doc) => {
        if (replacing.current) return;
        // Any change made while the copy shows (an edit, an undo, a file opened) adopts it.
        if (ownWork.current) settle();
        io.autosave(doc);
      }),
    [io, ws, settle],
  );

  const keep = useCallback(() => {
    settle();
    io.autosave(ws.document);
    void io.flushAutosave();
  }, [io, ws, settle]);

  const back = useCallback(() => {
    const own = ownWork.current;
    settle();
    if (!own) return;
    // Not an undo step: going back is declining the link, not an edit to take back later.
    replacing.current = true;
    try {
      ws.store.dispatch({ type: 'document.replace', document: own }, { history: 'skip' });
      ws.select([]);
      ws.resetRun();
    } finally {
      replacing.current = false;
    }
    onReplaced();
  }, [ws, settle, onReplaced]);

  // A link pasted into the address bar of an open tab changes only the fragment: no reload.
  useEffect(() => {
    const onHash = () => {
      if (!io.hasShareLink(location.hash)) return;
      void io.decodeShareLink(location.hash).then((link) => {
        if (!link) return;
        if (!link.ok) {
          setLinkErrors(link.errors);
          dropFragment();
          return;
        }
        void io.flushAutosave();
        const own = ownWork.current ?? ws.document;
        replacing.current = true;
        try {
          ws.load(link.document);
        } finally {
          replacing.current = false;
        }
        ownWork.current = own;
        setFromLink(true);
        onReplaced();
      });
    };
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, [io, ws, onReplaced]);

  const dismissLinkErrors = useCallback(() => setLinkErrors(null), []);
  return { fromLink, keep, back, linkErrors, dismissLinkErrors };
}
