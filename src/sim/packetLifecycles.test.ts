/**
 * `PacketLifecycles` against the packet machine run as an XState actor: every lifecycle shape of
 * the machine's own tests must give the same steps, with the same contents, at the same times,
 * calling the checkpoint with the same packets at the same times, and end at the same moment.
 */
import { describe, it, expect } from 'vitest';
import { createActor } from 'xstate';
import { SimClock } from './clock';
import { readPlan, PacketLifecycles } from './packetLifecycles';
import { packetMachine, type PacketStepEvent } from './packetMachine';
import { allScenarios, describeScenario, makeInput, type Call, type Scenario } from './testing/packetScenarios';

interface Trace {
  steps: PacketStepEvent[];
  times: number[];
  calls: Call[];
  finishedAt: number;
  pendingAfter: number;
}

function drain(clock: SimClock): void {
  for (let next = clock.nextDue(); next !== null; next = clock.nextDue()) clock.advanceTo(next);
}

function byActor(s: Scenario, startAt: number): Trace {
  const clock = new SimClock();
  clock.advanceTo(startAt);
  const t: Trace = { steps: [], times: [], calls: [], finishedAt: -1, pendingAfter: -1 };
  const actor = createActor(packetMachine, { clock, input: makeInput(s, clock, t.calls) });
  actor.on('packet.step', (e) => {
    t.steps.push(e);
    t.times.push(clock.now());
  });
  actor.subscribe({ complete: () => (t.finishedAt = clock.now()) });
  actor.start();
  drain(clock);
  t.pendingAfter = clock.pending();
  return t;
}

function byLifecycles(s: Scenario, startAt: number): Trace & { liveAfter: number } {
  const clock = new SimClock();
  clock.advanceTo(startAt);
  const t: Trace = { steps: [], times: [], calls: [], finishedAt: -1, pendingAfter: -1 };
  const lifecycles = new PacketLifecycles(
    clock,
    (e) => {
      t.steps.push(e);
      t.times.push(clock.now());
    },
    () => (t.finishedAt = clock.now()),
  );
  lifecycles.start(makeInput(s, clock, t.calls));
  drain(clock);
  t.pendingAfter = clock.pending();
  return { ...t, liveAfter: lifecycles.size };
}

const SCENARIOS = allScenarios();

describe('PacketLifecycles runs the packet machine as its actor does', () => {
  it.each(SCENARIOS.map((s) => [describeScenario(s), s] as const))('%s', (_name, s) => {
    const startAt = 1234.5;
    const want = byActor(s, startAt);
    const got = byLifecycles(s, startAt);
    expect(want.finishedAt).toBeGreaterThan(startAt);
    expect(got.steps).toEqual(want.steps);
    expect(got.times).toEqual(want.times);
    expect(got.calls).toEqual(want.calls);
    expect(got.finishedAt).toBe(want.finishedAt);
    expect(got.pendingAfter).toBe(0);
    expect(got.liveAfter).toBe(0);
  });

  it('covers every shape the machine has: drops on each side, answers, untracked checks', () => {
    expect(SCENARIOS.length).toBeGreaterThan(100);
    const steps = new Set(SCENARIOS.flatMap((s) => byLifecycles(s, 0).steps.map((e) => e.step)));
    expect([...steps].sort()).toEqual(
      ['allowed', 'arrived', 'created', 'delivered', 'dropped', 'egress-check', 'in-transit', 'ingress-check', 'responding', 'state-recorded'].sort(),
    );
  });
});

describe('PacketLifecycles: registry', () => {
  const shape: Scenario = { sender: ['sg-egress'], receiver: ['sg-ingress'], dropAt: null, tracking: 'created', expectsResponse: true };

  it('stopping a lifecycle mid-way cancels its delay: no more steps, no completion', () => {
    const clock = new SimClock();
    const steps: string[] = [];
    let done = 0;
    const lifecycles = new PacketLifecycles(clock, (e) => steps.push(e.step), () => done++);
    lifecycles.start(makeInput(shape, clock));
    clock.advance(10);
    expect(lifecycles.size).toBe(1);
    expect(lifecycles.context('p1')?.hopIndex).toBe(1);
    expect(clock.pending()).toBe(1);
    lifecycles.stop('p1');
    expect(lifecycles.size).toBe(0);
    expect(lifecycles.context('p1')).toBeUndefined();
    expect(clock.pending()).toBe(0);
    drain(clock);
    expect(steps).toEqual(['created', 'egress-check', 'in-transit']);
    expect(done).toBe(0);
  });

  it('a step listener may start another lifecycle (a response) while a step is being announced', () => {
    const clock = new SimClock();
    const order: string[] = [];
    const finished: string[] = [];
    const lifecycles: PacketLifecycles = new PacketLifecycles(
      clock,
      (e) => {
        order.push(`${e.packetId}:${e.step}`);
        if (e.step === 'responding') lifecycles.start({ ...makeInput({ ...shape, expectsResponse: false }, clock), id: 'p2', kind: 'response' });
      },
      (id) => finished.push(id),
    );
    lifecycles.start(makeInput(shape, clock));
    drain(clock);
    expect(finished).toEqual(['p1', 'p2']);
    expect(order.filter((s) => s.startsWith('p2:'))[0]).toBe('p2:created');
    expect(order.indexOf('p1:responding')).toBeLessThan(order.indexOf('p2:created'));
    expect(lifecycles.size).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('stopAll ends every lifecycle and leaves no timer behind', () => {
    const clock = new SimClock();
    const lifecycles = new PacketLifecycles(clock, () => {}, () => {});
    for (let i = 0; i < 5; i++) lifecycles.start({ ...makeInput(shape, clock), id: `p${i}` });
    clock.advance(1);
    expect(lifecycles.size).toBe(5);
    lifecycles.stopAll();
    expect(lifecycles.size).toBe(0);
    expect(clock.pending()).toBe(0);
  });
});

describe('PacketLifecycles: the plan read from a machine definition', () => {
  const good = { initial: 'a', states: { a: { entry: { type: 'announce', params: { step: 'created' } }, after: { check: 'b' } }, b: { type: 'final' } } };

  it('reads states, entry actions, delays and targets', () => {
    const a = readPlan(good);
    expect(a.key).toBe('a');
    expect(a.entry).toEqual([{ kind: 'announce', step: 'created' }]);
    expect(a.after?.delay).toBe('check');
    expect(a.after?.transitions[0]?.target.key).toBe('b');
    expect(a.after?.transitions[0]?.target.final).toBe(true);
  });

  it.each([
    ['an event transition', { initial: 'a', states: { a: { on: { GO: 'b' } }, b: { type: 'final' } } }, 'the field "on"'],
    ['an unknown action', { initial: 'a', states: { a: { entry: 'log' } } }, 'the action "log"'],
    ['an unknown guard', { initial: 'a', states: { a: { always: { guard: 'maybe', target: 'a' } } } }, 'the guard "maybe"'],
    ['an unknown target', { initial: 'a', states: { a: { always: 'z' } } }, 'the target "z"'],
    ['a parallel state', { initial: 'a', states: { a: { type: 'parallel' } } }, 'the type "parallel"'],
    ['a literal delay', { initial: 'a', states: { a: { after: { 500: 'a' } } } }, 'one named delay'],
  ])('refuses %s by name', (_what, def, message) => {
    expect(() => readPlan(def)).toThrow(message);
  });
});
