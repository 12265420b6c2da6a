import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SimClock } from './clock';

/** Schedules a timer that records its name and the clock's time when it fires. */
function recorder(clock: SimClock) {
  const fired: { name: string; at: number }[] = [];
  const at = (name: string, delay: number) => clock.setTimeout(() => fired.push({ name, at: clock.now() }), delay);
  return { fired, at };
}

describe('SimClock', () => {
  it('starts at 0 with nothing scheduled', () => {
    const clock = new SimClock();
    expect(clock.now()).toBe(0);
    expect(clock.pending()).toBe(0);
    expect(clock.nextDue()).toBeNull();
  });

  it('fires each timer at its own due time, in due order, within one big advance', () => {
    const clock = new SimClock();
    const { fired, at } = recorder(clock);
    at('c', 30);
    at('a', 10);
    at('b', 20);
    clock.advance(100);
    expect(fired).toEqual([
      { name: 'a', at: 10 },
      { name: 'b', at: 20 },
      { name: 'c', at: 30 },
    ]);
    expect(clock.now()).toBe(100);
  });

  it('fires timers due at the same time in scheduling order', () => {
    const clock = new SimClock();
    const { fired, at } = recorder(clock);
    at('first', 5);
    at('zero', 0);
    at('second', 5);
    at('third', 5);
    clock.advance(5);
    expect(fired.map((f) => f.name)).toEqual(['zero', 'first', 'second', 'third']);
    expect(fired.every((f) => f.at === (f.name === 'zero' ? 0 : 5))).toBe(true);
  });

  it('fires a timer due exactly at the target of advanceTo, and none later', () => {
    const clock = new SimClock();
    const { fired, at } = recorder(clock);
    at('on-time', 16);
    at('late', 17);
    clock.advanceTo(16);
    expect(fired.map((f) => f.name)).toEqual(['on-time']);
    clock.advanceTo(16.5);
    expect(fired).toHaveLength(1);
    clock.advanceTo(17);
    expect(fired.map((f) => f.name)).toEqual(['on-time', 'late']);
  });

  it('measures delays from the time of scheduling', () => {
    const clock = new SimClock();
    clock.advance(1000);
    const { fired, at } = recorder(clock);
    at('x', 250);
    expect(clock.nextDue()).toBe(1250);
    clock.advance(300);
    expect(fired).toEqual([{ name: 'x', at: 1250 }]);
  });

  it('treats a negative delay as 0', () => {
    const clock = new SimClock();
    clock.advance(10);
    const { fired, at } = recorder(clock);
    at('past', -5);
    expect(clock.nextDue()).toBe(10);
    clock.advance(0);
    expect(fired).toEqual([{ name: 'past', at: 10 }]);
  });

  it('clearTimeout cancels a pending timer', () => {
    const clock = new SimClock();
    const { fired, at } = recorder(clock);
    at('kept', 10);
    const gone = at('gone', 5);
    expect(clock.pending()).toBe(2);
    clock.clearTimeout(gone);
    expect(clock.pending()).toBe(1);
    expect(clock.nextDue()).toBe(10);
    clock.advance(20);
    expect(fired.map((f) => f.name)).toEqual(['kept']);
    expect(clock.pending()).toBe(0);
  });

  it('clearTimeout of a timer that already fired, or of an unknown id, changes nothing', () => {
    const clock = new SimClock();
    const { fired, at } = recorder(clock);
    const done = at('done', 1);
    clock.advance(1);
    at('later', 10);
    clock.clearTimeout(done);
    clock.clearTimeout(9999);
    expect(clock.pending()).toBe(1);
    clock.advance(10);
    expect(fired.map((f) => f.name)).toEqual(['done', 'later']);
  });

  it('a timer can cancel another timer due at the same instant', () => {
    const clock = new SimClock();
    const fired: string[] = [];
    let victim = 0;
    clock.setTimeout(() => {
      fired.push('killer');
      clock.clearTimeout(victim);
    }, 5);
    victim = clock.setTimeout(() => fired.push('victim'), 5);
    clock.advance(5);
    expect(fired).toEqual(['killer']);
    expect(clock.pending()).toBe(0);
  });

  it('refuses to go backwards and leaves time and timers as they were', () => {
    const clock = new SimClock();
    const { fired, at } = recorder(clock);
    clock.advanceTo(50);
    at('x', 10);
    expect(() => clock.advanceTo(49)).toThrow(/back/);
    expect(() => clock.advance(-1)).toThrow();
    expect(clock.now()).toBe(50);
    expect(clock.pending()).toBe(1);
    clock.advanceTo(50);
    expect(clock.now()).toBe(50);
    clock.advanceTo(60);
    expect(fired).toEqual([{ name: 'x', at: 60 }]);
  });

  it('nextDue and pending skip cancelled timers', () => {
    const clock = new SimClock();
    const a = clock.setTimeout(() => undefined, 1);
    const b = clock.setTimeout(() => undefined, 2);
    clock.setTimeout(() => undefined, 3);
    expect(clock.nextDue()).toBe(1);
    expect(clock.pending()).toBe(3);
    clock.clearTimeout(a);
    clock.clearTimeout(b);
    expect(clock.nextDue()).toBe(3);
    expect(clock.pending()).toBe(1);
    clock.advance(3);
    expect(clock.nextDue()).toBeNull();
    expect(clock.pending()).toBe(0);
  });

  it('a timer scheduled with delay 0 from inside a firing timer fires in the same advance, after the timers already due then', () => {
    const clock = new SimClock();
    const fired: { name: string; at: number }[] = [];
    const log = (name: string) => () => fired.push({ name, at: clock.now() });
    clock.setTimeout(() => {
      log('outer')();
      clock.setTimeout(log('inner-0'), 0);
      clock.setTimeout(log('inner-3'), 3);
      clock.setTimeout(log('inner-beyond'), 100);
    }, 10);
    clock.setTimeout(log('sibling'), 10);
    clock.setTimeout(log('after'), 12);
    clock.advance(20);
    expect(fired).toEqual([
      { name: 'outer', at: 10 },
      { name: 'sibling', at: 10 },
      { name: 'inner-0', at: 10 },
      { name: 'after', at: 12 },
      { name: 'inner-3', at: 13 },
    ]);
    expect(clock.now()).toBe(20);
    expect(clock.pending()).toBe(1);
    expect(clock.nextDue()).toBe(110);
  });

  it('a chain of zero-delay timers runs to its end within the advance', () => {
    const clock = new SimClock();
    let n = 0;
    const step = () => {
      n += 1;
      if (n < 50) clock.setTimeout(step, 0);
    };
    clock.setTimeout(step, 0);
    clock.advance(0);
    expect(n).toBe(50);
    expect(clock.pending()).toBe(0);
  });

  it('gives every timer its own id', () => {
    const clock = new SimClock();
    const ids = new Set(Array.from({ length: 100 }, () => clock.setTimeout(() => undefined, 1)));
    expect(ids.size).toBe(100);
  });

  describe('property: random delays', () => {
    it('fire in (due, insertion) order, each with now() equal to its due time', () => {
      const delay = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.double({ min: 0, max: 1000, noNaN: true, noDefaultInfinity: true }));
      fc.assert(
        fc.property(fc.array(delay, { maxLength: 200 }), fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 10 }), (delays, steps) => {
          const clock = new SimClock();
          const fired: { index: number; at: number }[] = [];
          delays.forEach((d, index) => clock.setTimeout(() => fired.push({ index, at: clock.now() }), d));
          // Advance in uneven steps, then far enough to fire everything.
          for (const s of steps) clock.advance(s);
          clock.advanceTo(Math.max(clock.now(), 2000));
          const expected = delays
            .map((d, index) => ({ index, at: d }))
            .sort((a, b) => a.at - b.at || a.index - b.index);
          expect(fired).toEqual(expected);
          expect(clock.pending()).toBe(0);
          expect(clock.nextDue()).toBeNull();
        }),
        { numRuns: 300 },
      );
    });

    it('cancelled timers never fire and the others keep their order', () => {
      fc.assert(
        fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 100 }), fc.boolean())), (timers) => {
          const clock = new SimClock();
          const fired: number[] = [];
          const ids = timers.map(([d], index) => clock.setTimeout(() => fired.push(index), d));
          timers.forEach(([, cancel], i) => {
            if (cancel) clock.clearTimeout(ids[i] as number);
          });
          expect(clock.pending()).toBe(timers.filter(([, c]) => !c).length);
          clock.advance(100);
          const expected = timers
            .map(([d, cancel], index) => ({ d, cancel, index }))
            .filter((t) => !t.cancel)
            .sort((a, b) => a.d - b.d || a.index - b.index)
            .map((t) => t.index);
          expect(fired).toEqual(expected);
        }),
      );
    });
  });
});
