/**
 * The packet lifecycle machine on its own, driven by a stub checkpoint whose verdicts each test
 * chooses, on the simulated clock. Every combination of route shape (no, one or three hops on each
 * side), dropping hop, tracking effect and answer is run; @xstate/graph gives the path the machine
 * takes to its final state, and the coverage test proves that these combinations visit every state
 * and take every transition of the machine, so that a new state or branch without a test fails.
 */
import { describe, it, expect } from 'vitest';
import { createActor, type AnyStateNode, type InspectionEvent } from 'xstate';
import { getShortestPaths, getStateNodes } from '@xstate/graph';
import { SimClock } from './clock';
import { packetMachine, type PacketStepEvent, type StepName } from './packetMachine';
import {
  allScenarios, BASE_PORT, describeScenario, expectedDelays, expectedSteps, makeInput, PACKET, stubResult, type Call, type Scenario, type TimedStep,
} from './testing/packetScenarios';

const SCENARIOS = allScenarios();

// ------------------------------------------------------------------ running the machine

interface Run {
  steps: PacketStepEvent[];
  times: number[];
  /** Delayed events the actor received, with the time each arrived. */
  delays: { event: string; at: number }[];
  calls: Call[];
  /** `source->target` of every transition taken. */
  edges: Set<string>;
  states: Set<string>;
  finishedAt: number;
}

function run(s: Scenario, startAt = 0): Run {
  const clock = new SimClock();
  clock.advanceTo(startAt);
  const calls: Call[] = [];
  const steps: PacketStepEvent[] = [];
  const times: number[] = [];
  const delays: { event: string; at: number }[] = [];
  const edges = new Set<string>();
  const states = new Set<string>([String(packetMachine.config.initial)]);
  const inspect = (e: InspectionEvent) => {
    if (e.type === '@xstate.event' && e.event.type.startsWith('xstate.after.')) delays.push({ event: e.event.type, at: clock.now() });
    if (e.type !== '@xstate.microstep') return;
    for (const t of e._transitions) {
      for (const target of t.target ?? []) {
        edges.add(`${t.source.key}->${target.key}`);
        states.add(target.key);
      }
    }
  };
  const actor = createActor(packetMachine, { clock, input: makeInput(s, clock, calls), inspect });
  actor.on('packet.step', (e) => {
    steps.push(e);
    times.push(clock.now());
  });
  let finishedAt = -1;
  actor.subscribe({ complete: () => (finishedAt = clock.now()) });
  actor.start();
  for (let next = clock.nextDue(); next !== null; next = clock.nextDue()) clock.advanceTo(next);
  expect(actor.getSnapshot().status).toBe('done');
  return { steps, times, delays, calls, edges, states, finishedAt };
}

function timedSteps(r: Run, startAt = 0): { step: StepName; at: number }[] {
  return r.steps.map((e, i) => ({ step: e.step, at: (r.times[i] as number) - startAt }));
}

describe('packetMachine: named lifecycles', () => {
  it('a route with no hops (an unfiltered AWS service): created, in transit, arrived, allowed, delivered', () => {
    const r = run({ sender: [], receiver: [], dropAt: null, tracking: 'none', expectsResponse: false });
    expect(timedSteps(r)).toEqual([
      { step: 'created', at: 0 },
      { step: 'in-transit', at: 0 },
      { step: 'arrived', at: 50 },
      { step: 'allowed', at: 50 },
      { step: 'delivered', at: 50 },
    ]);
    expect(r.calls).toEqual([]);
    expect(r.finishedAt).toBe(50);
  });

  it('from the internet (no sender hops), every receiver hop allows, state recorded, the host answers after the response delay', () => {
    const r = run({ sender: [], receiver: ['igw-in', 'nacl-in', 'sg-ingress'], dropAt: null, tracking: 'created', expectsResponse: true });
    expect(timedSteps(r)).toEqual([
      { step: 'created', at: 0 },
      { step: 'in-transit', at: 0 },
      { step: 'arrived', at: 50 },
      { step: 'ingress-check', at: 50 },
      { step: 'ingress-check', at: 53 },
      { step: 'ingress-check', at: 56 },
      { step: 'allowed', at: 59 },
      { step: 'state-recorded', at: 59 },
      { step: 'delivered', at: 59 },
      { step: 'responding', at: 66 },
    ]);
    expect(r.finishedAt).toBe(66);
  });

  it('the sender hop drops: created, egress check, dropped one check later, never in transit', () => {
    const r = run({ sender: ['sg-egress'], receiver: ['sg-ingress'], dropAt: 0, tracking: 'none', expectsResponse: true });
    expect(timedSteps(r)).toEqual([
      { step: 'created', at: 0 },
      { step: 'egress-check', at: 0 },
      { step: 'dropped', at: 3 },
    ]);
    expect(r.steps[2]?.hop?.verdict).toBe('drop');
    expect(r.calls.map((c) => c.index)).toEqual([0]);
  });

  it('the second of three sender hops drops: the third is never checked', () => {
    const r = run({ sender: ['sg-egress', 'nacl-out', 'igw-out'], receiver: [], dropAt: 1, tracking: 'created', expectsResponse: false });
    expect(timedSteps(r)).toEqual([
      { step: 'created', at: 0 },
      { step: 'egress-check', at: 0 },
      { step: 'egress-check', at: 3 },
      { step: 'dropped', at: 6 },
    ]);
    expect(r.calls.map((c) => [c.index, c.at])).toEqual([
      [0, 0],
      [1, 3],
    ]);
  });

  it('a receiver hop drops after transit: no allowed, no state recorded, no answer', () => {
    const r = run({ sender: ['sg-egress'], receiver: ['sg-ingress'], dropAt: 1, tracking: 'created', expectsResponse: true });
    expect(timedSteps(r)).toEqual([
      { step: 'created', at: 0 },
      { step: 'egress-check', at: 0 },
      { step: 'in-transit', at: 3 },
      { step: 'arrived', at: 53 },
      { step: 'ingress-check', at: 53 },
      { step: 'dropped', at: 56 },
    ]);
    expect(r.steps.at(-1)?.hop?.hop).toBe('sg-ingress');
  });

  it('all hops allow, nothing recorded, not answered: no state-recorded and no responding step', () => {
    const r = run({ sender: ['sg-egress'], receiver: ['sg-ingress'], dropAt: null, tracking: 'none', expectsResponse: false });
    expect(timedSteps(r)).toEqual([
      { step: 'created', at: 0 },
      { step: 'egress-check', at: 0 },
      { step: 'in-transit', at: 3 },
      { step: 'arrived', at: 53 },
      { step: 'ingress-check', at: 53 },
      { step: 'allowed', at: 56 },
      { step: 'delivered', at: 56 },
    ]);
    expect(r.finishedAt).toBe(56);
  });

  it('a check that explains why it records nothing gives no state-recorded step', () => {
    const r = run({ sender: [], receiver: ['sg-ingress'], dropAt: null, tracking: 'not-recorded', expectsResponse: false });
    expect(r.steps.map((e) => e.step)).toEqual(['created', 'in-transit', 'arrived', 'ingress-check', 'allowed', 'delivered']);
  });

  it('announces steps at the clock time it was started from', () => {
    const s: Scenario = { sender: ['sg-egress'], receiver: ['sg-ingress'], dropAt: null, tracking: 'created', expectsResponse: true };
    const r = run(s, 12_345);
    expect(timedSteps(r, 12_345)).toEqual(expectedSteps(s).map(({ step, at }) => ({ step, at })));
    expect(r.calls.map((c) => c.at)).toEqual([12_345, 12_345 + 3 + 50]);
  });

  it('carries what each hop hands on: the next check and the later steps see the rewritten packet', () => {
    const r = run({ sender: ['sg-egress', 'nacl-out', 'igw-out'], receiver: ['igw-in', 'nacl-in', 'sg-ingress'], dropAt: null, tracking: 'created', expectsResponse: true });
    expect(r.calls.map((c) => c.packet.srcPort)).toEqual([0, 1, 2, 3, 4, 5].map((i) => BASE_PORT + i));
    const delivered = r.steps.find((e) => e.step === 'delivered');
    expect(delivered?.packet.srcPort).toBe(BASE_PORT + 6);
    expect(r.steps[0]?.packet).toBe(PACKET);
    // Each check's step reports the packet as that hop passed it on.
    const checks = r.steps.filter((e) => e.step === 'egress-check' || e.step === 'ingress-check');
    expect(checks.map((e) => e.packet.srcPort)).toEqual([1, 2, 3, 4, 5, 6].map((i) => BASE_PORT + i));
    expect(checks.map((e) => e.hop?.packet.srcPort)).toEqual([0, 1, 2, 3, 4, 5].map((i) => BASE_PORT + i));
  });

  it('every step names its packet, kind and nothing else than its own check', () => {
    const r = run({ sender: ['sg-egress'], receiver: ['sg-ingress'], dropAt: null, tracking: 'created', expectsResponse: true });
    for (const e of r.steps) {
      expect(e.type).toBe('packet.step');
      expect(e.packetId).toBe('p1');
      expect(e.kind).toBe('request');
      if (e.step !== 'state-recorded') expect(e.tracking).toEqual([]);
    }
    const recorded = r.steps.find((e) => e.step === 'state-recorded');
    expect(recorded?.tracking.map((t) => t.kind)).toEqual(['created']);
  });

  it('stopping an actor mid-way cancels its timers on the clock', () => {
    const clock = new SimClock();
    const actor = createActor(packetMachine, {
      clock,
      input: makeInput({ sender: ['sg-egress'], receiver: ['sg-ingress'], dropAt: null, tracking: 'none', expectsResponse: true }, clock),
    });
    const steps: StepName[] = [];
    actor.on('packet.step', (e) => steps.push(e.step));
    actor.start();
    clock.advance(10);
    expect(String(actor.getSnapshot().value)).toBe('inTransit');
    expect(clock.pending()).toBe(1);
    actor.stop();
    expect(clock.pending()).toBe(0);
    clock.advance(1000);
    expect(steps).toEqual(['created', 'egress-check', 'in-transit']);
  });
});

describe('packetMachine: every combination of route, verdicts, tracking and answer', () => {
  it.each(SCENARIOS.map((s) => [describeScenario(s), s] as const))('%s', (_name, s) => {
    const r = run(s);
    const expected = expectedSteps(s);
    expect(timedSteps(r)).toEqual(expected.map(({ step, at }) => ({ step, at })));
    expect(r.finishedAt).toBe((expected.at(-1) as TimedStep).at);

    // The checks report their own hop's result; other steps report none.
    r.steps.forEach((e, i) => {
      const want = (expected[i] as TimedStep).hop;
      if (want === null) expect(e.hop).toBeNull();
      else expect(e.hop).toEqual(stubResult(s, want, e.hop?.packet ?? PACKET));
      if (want !== null) expect(e.hop?.subjectId).toBe(`subject-${want}`);
    });

    // One checkpoint call per hop up to the deciding one, each at the start of its check.
    const checkSteps = expected.filter((e) => e.step === 'egress-check' || e.step === 'ingress-check');
    expect(r.calls.map((c) => ({ index: c.index, at: c.at }))).toEqual(checkSteps.map((e) => ({ index: e.hop, at: e.at })));

    // The delayed events, their order and their spacing.
    const delays = expectedDelays(s);
    expect(r.delays.map((d) => d.event)).toEqual(delays.map((d) => d.event));
    let t = 0;
    delays.forEach((d, i) => {
      t += d.ms;
      expect(r.delays[i]?.at).toBe(t);
    });

    // @xstate/graph finds the same way to the final state, event for event.
    const paths = getShortestPaths(packetMachine, {
      input: makeInput(s, null),
      serializeState: (snap) => JSON.stringify([snap.value, snap.context.hopIndex, snap.status]),
    });
    const toDone = paths.filter((p) => p.state.status === 'done');
    expect(toDone).toHaveLength(1);
    expect(toDone[0]?.steps.map((step) => step.event.type)).toEqual(['xstate.init', ...delays.map((d) => d.event)]);
  });
});

describe('packetMachine: coverage', () => {
  const machineStates = getStateNodes(packetMachine)
    .filter((n) => n.parent === packetMachine.root)
    .map((n) => n.key)
    .sort();

  /** Every `source->target` the machine defines: delayed transitions and eventless ones. */
  function machineEdges(): string[] {
    const out = new Set<string>();
    const add = (source: AnyStateNode, targets: readonly AnyStateNode[] | undefined) => {
      for (const t of targets ?? [source]) out.add(`${source.key}->${t.key}`);
    };
    for (const node of Object.values(packetMachine.root.states)) {
      for (const list of node.transitions.values()) for (const t of list) add(node, t.target);
      for (const t of node.always ?? []) add(node, t.target);
    }
    return [...out].sort();
  }

  it('reads the machine the tests were written for', () => {
    expect(machineStates).toEqual(Object.keys(packetMachine.root.states).sort());
    expect(machineStates).toEqual(
      ['created', 'egressCheck', 'inTransit', 'arrive', 'ingressCheck', 'allowed', 'recordState', 'delivered', 'respond', 'dropped', 'done'].sort(),
    );
  });

  it('the combinations visit every state and take every transition of the machine', () => {
    const states = new Set<string>();
    const edges = new Set<string>();
    for (const s of SCENARIOS) {
      const r = run(s);
      r.states.forEach((x) => states.add(x));
      r.edges.forEach((x) => edges.add(x));
    }
    expect([...states].sort()).toEqual(machineStates);
    expect([...edges].sort()).toEqual(machineEdges());
  });

  it('@xstate/graph reaches the same settled states the combinations settle in', () => {
    const settled = new Set<string>();
    for (const s of SCENARIOS) {
      const paths = getShortestPaths(packetMachine, {
        input: makeInput(s, null),
        serializeState: (snap) => JSON.stringify([snap.value, snap.context.hopIndex, snap.status]),
      });
      for (const p of paths) settled.add(String(p.state.value));
    }
    // The other states are passed through within one step (eventless transitions).
    expect([...settled].sort()).toEqual(['done', 'egressCheck', 'inTransit', 'ingressCheck', 'respond']);
  });
});
