import { describe, expect, it } from 'vitest';
import { History, HISTORY_LIMIT } from './history';

describe('History', () => {
  it('undoes and redoes snapshots in order', () => {
    const h = new History<string>();
    expect([h.canUndo, h.canRedo]).toEqual([false, false]);
    h.record('a');
    h.record('b');
    expect(h.undo('c')).toBe('b');
    expect(h.undo('b')).toBe('a');
    expect(h.undo('a')).toBeNull();
    expect(h.redo('a')).toBe('b');
    expect(h.redo('b')).toBe('c');
    expect(h.redo('c')).toBeNull();
  });

  it('merges consecutive records of one gesture into its first step', () => {
    const h = new History<string>();
    h.record('a', 'drag-1');
    h.record('b', 'drag-1');
    h.record('c', 'drag-1');
    expect(h.depth).toBe(1);
    expect(h.undo('d')).toBe('a');
  });

  it('starts a new step when another command or an undo comes between', () => {
    const h = new History<string>();
    h.record('a', 'g');
    h.record('b');
    h.record('c', 'g');
    expect(h.depth).toBe(3);
    h.undo('d');
    h.record('c2', 'g');
    expect(h.depth).toBe(3);
  });

  it('clears redo on a new record', () => {
    const h = new History<string>();
    h.record('a');
    h.undo('b');
    expect(h.canRedo).toBe(true);
    h.record('a');
    expect(h.canRedo).toBe(false);
  });

  it(`keeps at most ${HISTORY_LIMIT} steps, forgetting the oldest`, () => {
    const h = new History<number>();
    for (let i = 0; i < HISTORY_LIMIT + 50; i++) h.record(i);
    expect(h.depth).toBe(HISTORY_LIMIT);
    let last: number | null = null;
    for (let n = HISTORY_LIMIT + 50; h.canUndo; ) last = h.undo(n);
    expect(last).toBe(50);
    const small = new History<number>(2);
    small.record(1);
    small.record(2);
    small.record(3);
    expect(small.depth).toBe(2);
  });

  it('forgets everything on clear', () => {
    const h = new History<string>();
    h.record('a');
    h.undo('b');
    h.clear();
    expect([h.canUndo, h.canRedo]).toEqual([false, false]);
  });
});
