/**
 * Autosave: the document kept in the browser (IndexedDB) so that reopening the app brings back
 * exactly what was there. One slot, 'current', holding the file form, so the saved data is a
 * valid scenario file and is read back through the same schema as any opened file: a record
 * damaged by a bug or an older build is ignored, not trusted.
 *
 * Writes are throttled: the first change starts a short timer and the write, when it fires,
 * takes the latest document, so a 60-step drag costs a few writes. A page being hidden or left
 * (`visibilitychange`, `pagehide`) writes at once, and each write asks IndexedDB to commit
 * immediately, so a reload right after an edit does not lose it.
 *
 * No IndexedDB library: the two calls needed are a dozen lines.
 */
import type { NetworkDocument } from '../domain/document';
import { toScenarioFile } from '../domain/scenarioFile';
import { parseDocument } from '../domain/schema';

/** The storage the autosave needs; IndexedDB in the app, a Map in unit tests. */
export interface SlotStore {
  get(key: string): Promise<unknown>;
  /** Queues the write before returning, so a write begun as the page unloads is already on its way. */
  put(key: string, value: unknown): Promise<void>;
}

export const AUTOSAVE_SLOT = 'current';
/** Long enough to coalesce a drag's moves, short enough that a crash loses under half a second. */
export const AUTOSAVE_DELAY_MS = 400;

const DB_NAME = 'stateful';
const DB_STORE = 'autosave';

export interface AutosaveOptions {
  delayMs?: number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (handle: unknown) => void;
}

export class Autosave {
  private slots: SlotStore | null = null;
  private readonly ready: Promise<SlotStore | null>;
  private pending: NetworkDocument | null = null;
  private timer: unknown = null;
  private readonly delayMs: number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (handle: unknown) => void;
  /** Writes begun so far (for tests and for the curious). */
  writes = 0;

  constructor(slots: SlotStore | Promise<SlotStore>, options: AutosaveOptions = {}) {
    this.delayMs = options.delayMs ?? AUTOSAVE_DELAY_MS;
    this.setTimer = options.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = options.clearTimer ?? ((h) => clearTimeout(h as ReturnType<typeof setTimeout>));
    // Without storage (a private window may refuse IndexedDB) the app still works; it just forgets.
    this.ready = Promise.resolve(slots).then(
      (s) => (this.slots = s),
      (e: unknown) => {
        console.warn('Stateful: autosave is off, the browser refused its storage', e);
        return null;
      },
    );
  }

  /** The saved document, or null when there is none or it no longer reads as a scenario. */
  async load(): Promise<NetworkDocument | null> {
    const slots = await this.ready;
    if (!slots) return null;
    let record: unknown;
    try {
      record = await slots.get(AUTOSAVE_SLOT);
    } catch (e) {
      console.warn('Stateful: the autosaved document could not be read', e);
      return null;
    }
    if (record === undefined || record === null) return null;
    const parsed = parseDocument(record);
    if (parsed.ok) return parsed.document;
    console.warn(`Stateful: the autosaved document was ignored: ${parsed.errors.slice(0, 3).join('; ')}`);
    return null;
  }

  /** Remembers `doc` as the one to write; the write happens within `delayMs`, or at `flush`. */
  save(doc: NetworkDocument): void {
    this.pending = doc;
    if (this.timer === null) this.timer = this.setTimer(() => void this.flush(), this.delayMs);
  }

  /** Writes the latest document now, if one is waiting. Never rejects. */
  flush(): Promise<void> {
    if (this.timer !== null) {
      this.clearTimer(this.timer);
      this.timer = null;
    }
    const doc = this.pending;
    if (doc === null) return Promise.resolve();
    this.pending = null;
    this.writes += 1;
    const file = toScenarioFile(doc);
    // Synchronously when storage is open: a flush from `pagehide` gets no second turn of the loop.
    const write = this.slots ? this.slots.put(AUTOSAVE_SLOT, file) : this.ready.then((s) => s?.put(AUTOSAVE_SLOT, file));
    return write.catch((e: unknown) => console.warn('Stateful: the document could not be autosaved', e));
  }

  get hasPending(): boolean {
    return this.pending !== null;
  }
}

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error ?? new Error('IndexedDB request failed'));
  });
}

/** The autosave's object store in IndexedDB, opened (and created on first use). */
export async function openIndexedDbSlots(dbName = DB_NAME): Promise<SlotStore> {
  if (typeof indexedDB === 'undefined') throw new Error('this browser has no IndexedDB');
  const open = indexedDB.open(dbName, 1);
  open.onupgradeneeded = () => {
    if (!open.result.objectStoreNames.contains(DB_STORE)) open.result.createObjectStore(DB_STORE);
  };
  const db = await request(open);
  // Another tab upgrading the database must not be blocked by this one.
  db.onversionchange = () => db.close();
  return {
    get: (key) => request(db.transaction(DB_STORE, 'readonly').objectStore(DB_STORE).get(key)),
    put: (key, value) => {
      const tx = db.transaction(DB_STORE, 'readwrite');
      tx.objectStore(DB_STORE).put(value, key);
      // Commit now rather than when the event loop next idles, which may never come on unload.
      tx.commit();
      return new Promise<void>((resolve, reject) => {
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('IndexedDB write failed'));
        tx.onabort = () => reject(tx.error ?? new Error('IndexedDB write was aborted'));
      });
    },
  };
}

let shared: Autosave | null = null;

/** The app's autosave, opened on first use, with its flush on hide and unload installed once. */
export function appAutosave(): Autosave {
  if (shared) return shared;
  const autosave = new Autosave(openIndexedDbSlots());
  shared = autosave;
  if (typeof window !== 'undefined') {
    const flushNow = () => void autosave.flush();
    window.addEventListener('pagehide', flushNow);
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'hidden') flushNow();
    });
  }
  return autosave;
}

/** Queues `doc` for the autosave slot (throttled; flushed on hide and unload). */
export function saveDocument(doc: NetworkDocument): void {
  appAutosave().save(doc);
}

/** The autosaved document, validated; null when there is none or it is unreadable. */
export function loadDocument(): Promise<NetworkDocument | null> {
  return appAutosave().load();
}

/** Writes any waiting change now (an explicit "keep", a test). */
export function flushAutosave(): Promise<void> {
  return appAutosave().flush();
}
