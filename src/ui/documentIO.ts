/**
 * What the panels need from files, share links and autosave storage, as an interface. The
 * layering keeps ui/ from importing io/ (design.md), so main.tsx, which sits above both,
 * hands the browser's implementation (io/browserIO.ts) to the App; tests could hand another.
 */
import type { NetworkDocument } from '../domain/document';

export type Loaded = { ok: true; document: NetworkDocument } | { ok: false; errors: string[] };

export interface DocumentIO {
  /** The autosaved document, validated; null when there is none or it is unreadable. */
  loadAutosaved(): Promise<NetworkDocument | null>;
  /** Queues `doc` for the autosave (throttled, flushed when the page is hidden or left). */
  autosave(doc: NetworkDocument): void;
  /** Writes a queued autosave now. */
  flushAutosave(): Promise<void>;
  /** Reads a scenario file's text; a bad file yields every field-naming message. */
  readScenario(text: string): Loaded;
  /** The document as scenario file text, and a file name made from its name. */
  writeScenario(doc: NetworkDocument): { text: string; fileName: string };
  /** `#doc=…`: the document compressed into a URL fragment. */
  encodeShareLink(doc: NetworkDocument): Promise<string>;
  /** The document in a fragment; null when the fragment holds none. */
  decodeShareLink(hash: string): Promise<Loaded | null>;
  /** Whether a fragment claims to hold a document (cheap, no decoding). */
  hasShareLink(hash: string): boolean;
}
