/**
 * The autosave's policy without a browser: a burst of changes makes few writes and the last state
 * always lands; a flush writes at once; a damaged record is ignored. IndexedDB itself is covered
 * by e2e/persistence.spec.ts.
 */
import { describe, expect, it } from 'vitest';
import type { NetworkDocument } from '../domain/document';
import { parseDocument } from '../domain/schema';
import { validDocument } from '../domain/schema.fixture';
import { Autosave, AUTOSAVE_SLOT, type SlotStore } from './autosave';

class MemorySlots implements SlotStore {
  readonly data = new Map<string, unknown>();
  puts = 0;
  get(key: string): Promise<unknown> {
    return Promise.resolve(this.data.get(key));
  }
  put(key: string, value: unknown): Promise<void> {
    this.puts += 1;
    // A clone, as IndexedDB stores one: the saved record must not alias the live document.
    this.data.set(key, structuredClone(value));
    return Promise.resolve();
  }
}

/** A clock the test moves by hand, so the throttle is checked without waiting. */
class ManualTimers {
  now = 0;
  private queue: { at: number; fn: () => void; id: number }[] = [];
  private next = 1;
  set = (fn: () => void, ms: number): unknown => {
    const id = this.next++;
    this.queue.push({ at: this.now + ms, fn, id });
    return id;
  };
  clear = (id: unknown): void => {
    this.queue = this.queue.filter((t) => t.id !== id);
  };
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const due = this.queue.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.queue = this.queue.filter((t) => t !== due);
      this.now = due.at;
      due.fn();
    }
    this.now = end;
  }
}

function setup() {
  const slots = new MemorySlots();
  const timers = new ManualTimers();
  const autosave = new Autosave(slots, { delayMs: 400, setTimer: timers.set, clearTimer: timers.clear });
  return { slots, timers, autosave };
}

const moved = (doc: NetworkDocument, dx: number): NetworkDocument => ({
  ...doc,
  layout: Object.fromEntries(Object.entries(doc.layout).map(([id, p]) => [id, { ...p, x: p.x + dx }])),
});

describe('Autosave', () => {
  it('writes a 60-step drag a few times, ending with its last state', async () => {
    const { slots, timers, autosave } = setup();
    await autosave.load();
    const base = validDocument();
    let last = base;
    // 60 pointer moves over one second, one every ~16 ms.
    for (let i = 1; i <= 60; i++) {
      last = moved(base, i * 4);
      autosave.save(last);
      timers.advance(16);
    }
    timers.advance(1000);
    await Promise.resolve();
    expect(slots.puts).toBeGreaterThanOrEqual(2);
    expect(slots.puts).toBeLessThanOrEqual(4);
    expect(await autosave.load()).toEqual(last);
  });

  it('writes nothing when nothing changed', () => {
    const { slots, timers } = setup();
    timers.advance(5000);
    expect(slots.puts).toBe(0);
  });

  it('flush writes the waiting change at once, and only once', async () => {
    const { slots, autosave } = setup();
    await autosave.load();
    const doc = { ...validDocument(), name: 'renamed just before the tab closed' };
    autosave.save(doc);
    expect(autosave.hasPending).toBe(true);
    await autosave.flush();
    await autosave.flush();
    expect(slots.puts).toBe(1);
    expect(autosave.hasPending).toBe(false);
    expect(await autosave.load()).toEqual(doc);
  });

  it('stores the file form, which is itself a valid scenario file', async () => {
    const { slots, autosave } = setup();
    await autosave.load();
    autosave.save(validDocument());
    await autosave.flush();
    const record = slots.data.get(AUTOSAVE_SLOT);
    expect(JSON.stringify(record)).not.toContain('"peer"');
    expect(parseDocument(JSON.parse(JSON.stringify(record)))).toEqual({ ok: true, document: validDocument() });
  });

  it('ignores a damaged record instead of throwing', async () => {
    const { slots, autosave } = setup();
    slots.data.set(AUTOSAVE_SLOT, { version: 1, name: 'half a document' });
    expect(await autosave.load()).toBeNull();
    slots.data.set(AUTOSAVE_SLOT, 'not even an object');
    expect(await autosave.load()).toBeNull();
  });

  it('returns null when there is no record, and works without storage at all', async () => {
    expect(await setup().autosave.load()).toBeNull();
    const offline = new Autosave(Promise.reject(new Error('no IndexedDB here')));
    expect(await offline.load()).toBeNull();
    offline.save(validDocument());
    await expect(offline.flush()).resolves.toBeUndefined();
  });
});
