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
import { parseIp, type IpAddress } from '../domain/addr';
import type { HopName } from '../domain/document';
import type { HopOutcome, HopResult, TrackingEffect } from '../domain/evaluate';
import type { EniInfo, NodeInfo } from '../domain/model';
import type { Packet } from '../domain/packet';
import { TCP } from '../domain/protocol';
import type { Hop, Route } from '../domain/route';
import { makePacket } from '../domain/traffic';
import { SimClock } from './clock';
import { packetMachine, type PacketInput, type PacketStepEvent, type PacketTiming, type StepName } from './packetMachine';
import { CLIENT, ENI_WEB, SUBNET_A, VPC, WEB } from './testing/fixtures';

// ------------------------------------------------------------------ stub route and checkpoint

type SenderHop = 'sg-egress' | 'nacl-out' | 'igw-out';
type ReceiverHop = 'igw-in' | 'nacl-in' | 'sg-ingress';
type HopKind = SenderHop | ReceiverHop;
type Tracking = 'none' | 'created' | 'not-recorded';

interface Scenario {
  sender: SenderHop[];
  receiver: ReceiverHop[];
  /** Route index of the hop that drops the packet, or null when every hop allows it. */
  dropAt: number | null;
  /** The tracking effect the first hop reports. */
  tracking: Tracking;
  expectsResponse: boolean;
}

const TIMING: PacketTiming = { checkMs: 3, transitMs: 50, responseDelayMs: 7 };
const BASE_PORT = 40000;

function ip(text: string): IpAddress {
  const r = parseIp(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

const SRC = ip('203.0.113.5');
const DST = ip('10.0.1.10');
const PACKET: Packet = makePacket(SRC, DST, { protocol: TCP, srcPort: BASE_PORT, dstPort: 80, icmpType: 0, icmpCode: 0, icmpId: 0, flags: 'S' });

const STUB_ENI: EniInfo = {
  id: ENI_WEB,
  instance: { id: WEB, name: 'web', enis: [] },
  subnetId: SUBNET_A,
  vpcId: VPC,
  privateIp: DST,
  publicIp: null,
  ipv6: null,
  groupIds: [],
  timeouts: { tcpEstablished: 432000, udp: 30, udpStream: 180 },
};

const STUB_SENDER: NodeInfo = {
  kind: 'external', id: CLIENT, name: 'client', host: { id: CLIENT, name: 'client', kind: 'client', ipv4: SRC.text }, ipv4: SRC, ipv6: null, listens: undefined,
};

function makeHop(kind: HopKind): Hop {
  switch (kind) {
    case 'igw-out':
      return { name: 'igw', way: 'out', vpcId: VPC };
    case 'igw-in':
      return { name: 'igw', way: 'in', vpcId: VPC };
    default:
      return { name: kind, eni: STUB_ENI };
  }
}

const HOP_NAME: Record<HopKind, HopName> = {
  'sg-egress': 'sg-egress',
  'nacl-out': 'nacl-out',
  'igw-out': 'igw',
  'igw-in': 'igw',
  'nacl-in': 'nacl-in',
  'sg-ingress': 'sg-ingress',
};

function trackingOf(t: Tracking, p: Packet): TrackingEffect[] {
  if (t === 'none') return [];
  if (t === 'not-recorded') return [{ kind: 'not-recorded', why: 'stub: nothing to record' }];
  return [
    {
      kind: 'created',
      entry: {
        eniId: ENI_WEB, key: `stub|${p.srcPort}`, protocol: TCP, local: DST.text, localPort: 80, remote: SRC.text, remotePort: p.srcPort,
        tracked: true, state: 'tcp-opening', lastSeen: 0, expiresAt: 120000, timeoutSeconds: 120,
      },
    },
  ];
}

interface Call {
  index: number;
  at: number;
  packet: Packet;
}

/**
 * A route of stub hops and a checkpoint that answers from the scenario. Each hop hands on the
 * packet with its source port raised by one, so a test can see that hop i+1 checks what hop i
 * passed on (the way the internet gateway's NAT rewrites addresses).
 */
function makeInput(s: Scenario, clock: SimClock | null, calls: Call[] = []): PacketInput {
  const kinds: HopKind[] = [...s.sender, ...s.receiver];
  const hops = kinds.map(makeHop);
  const route: Route = {
    src: SRC, dst: DST, sender: STUB_SENDER, senderEni: null, receiverEni: null, receiver: null, hops,
    notFiltered: hops.length === 0 ? 'stub service' : null, autoTracked: false,
  };
  const checkpoint = (hop: Hop, p: Packet): HopOutcome => {
    const index = hops.indexOf(hop);
    if (index < 0) throw new Error('the machine passed a hop that is not on its route');
    if (clock) calls.push({ index, at: clock.now(), packet: p });
    return { result: stubResult(s, index, p), packet: { ...p, srcPort: p.srcPort + 1 } };
  };
  return {
    id: 'p1', kind: 'request', flowId: 'f1', trafficId: 't1', packet: PACKET, route, timing: TIMING, expectsResponse: s.expectsResponse, checkpoint,
  };
}

function stubResult(s: Scenario, index: number, seen: Packet): HopResult {
  const kind = [...s.sender, ...s.receiver][index] as HopKind;
  const drop = s.dropAt === index;
  return {
    hop: HOP_NAME[kind],
    subjectId: `subject-${index}`,
    subjectName: `hop ${index}`,
    direction: index < s.sender.length ? 'outbound' : 'inbound',
    verdict: drop ? 'drop' : 'allow',
    decidedBy: { kind: 'igw', text: `stub ${index}` },
    tracking: index === 0 ? trackingOf(s.tracking, seen) : [],
    packet: seen,
    explanation: `stub hop ${index} ${drop ? 'drops' : 'allows'}`,
  };
}

// ------------------------------------------------------------------ the expected life, written independently

interface TimedStep {
  step: StepName;
  at: number;
  /** Route index of the check the step reports, or null. */
  hop: number | null;
}

/** The steps a scenario must announce, with their times on the clock, from the product's description. */
function expectedSteps(s: Scenario): TimedStep[] {
  const out: TimedStep[] = [{ step: 'created', at: 0, hop: null }];
  let t = 0;
  let i = 0;
  for (; i < s.sender.length; i++) {
    out.push({ step: 'egress-check', at: t, hop: i });
    t += TIMING.checkMs;
    if (s.dropAt === i) return [...out, { step: 'dropped', at: t, hop: i }];
  }
  out.push({ step: 'in-transit', at: t, hop: null });
  t += TIMING.transitMs;
  out.push({ step: 'arrived', at: t, hop: null });
  for (; i < s.sender.length + s.receiver.length; i++) {
    out.push({ step: 'ingress-check', at: t, hop: i });
    t += TIMING.checkMs;
    if (s.dropAt === i) return [...out, { step: 'dropped', at: t, hop: i }];
  }
  out.push({ step: 'allowed', at: t, hop: null });
  if (s.tracking === 'created') out.push({ step: 'state-recorded', at: t, hop: null });
  out.push({ step: 'delivered', at: t, hop: null });
  if (s.expectsResponse) out.push({ step: 'responding', at: t + TIMING.responseDelayMs, hop: null });
  return out;
}

/** The delayed events the machine must wait for, in order: one per check, one transit, one answer. */
function expectedDelays(s: Scenario): { event: string; ms: number }[] {
  const checks = s.dropAt === null ? s.sender.length + s.receiver.length : s.dropAt + 1;
  const sent = s.dropAt === null || s.dropAt >= s.sender.length;
  const out: { event: string; ms: number }[] = [];
  for (let i = 0; i < Math.min(checks, s.sender.length); i++) out.push({ event: 'xstate.after.check.packet.egressCheck', ms: TIMING.checkMs });
  if (!sent) return out;
  out.push({ event: 'xstate.after.transit.packet.inTransit', ms: TIMING.transitMs });
  for (let i = s.sender.length; i < checks; i++) out.push({ event: 'xstate.after.check.packet.ingressCheck', ms: TIMING.checkMs });
  if (s.dropAt === null && s.expectsResponse) out.push({ event: 'xstate.after.respond.packet.respond', ms: TIMING.responseDelayMs });
  return out;
}

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

// ------------------------------------------------------------------ every combination

const SENDER_SHAPES: SenderHop[][] = [[], ['sg-egress'], ['sg-egress', 'nacl-out', 'igw-out']];
const RECEIVER_SHAPES: ReceiverHop[][] = [[], ['sg-ingress'], ['igw-in', 'nacl-in', 'sg-ingress']];

function allScenarios(): Scenario[] {
  const out: Scenario[] = [];
  for (const sender of SENDER_SHAPES) {
    for (const receiver of RECEIVER_SHAPES) {
      const n = sender.length + receiver.length;
      const drops: (number | null)[] = [null, ...Array.from({ length: n }, (_, i) => i)];
      const trackings: Tracking[] = n === 0 ? ['none'] : ['none', 'created', 'not-recorded'];
      for (const dropAt of drops) {
        for (const tracking of trackings) {
          for (const expectsResponse of [false, true]) out.push({ sender, receiver, dropAt, tracking, expectsResponse });
        }
      }
    }
  }
  return out;
}

function describeScenario(s: Scenario): string {
  const hops = [...s.sender, '|', ...s.receiver].join(' ');
  return `[${hops}] drop=${s.dropAt ?? '-'} tracking=${s.tracking} answer=${s.expectsResponse}`;
}

const SCENARIOS = allScenarios();

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
