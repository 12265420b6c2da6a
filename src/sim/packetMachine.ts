/**
 * The life of one packet, as the product tells it: created, egress check, in transit, arrive,
 * ingress check, allowed or dropped, record state, delivered, and for a request that reached a
 * listening host, respond. A response lives the same life; its checks consult connection state
 * first, which is the whole point of a stateful firewall. The machine decides nothing itself: at
 * each checkpoint it calls the domain through `checkpoint` and announces what happened.
 */
import { assign, emit, setup } from 'xstate';
import type { HopOutcome, HopResult, TrackingEffect } from '../domain/evaluate';
import type { Packet } from '../domain/packet';
import type { Hop, Route } from '../domain/route';

export type PacketKind = 'request' | 'response';

export type StepName =
  | 'created'
  | 'egress-check'
  | 'in-transit'
  | 'arrived'
  | 'ingress-check'
  | 'allowed'
  | 'dropped'
  | 'state-recorded'
  | 'delivered'
  | 'responding';

export interface PacketTiming {
  checkMs: number;
  transitMs: number;
  responseDelayMs: number;
}

export interface PacketInput {
  id: string;
  kind: PacketKind;
  /** Ties a request to its response. */
  flowId: string;
  trafficId: string | null;
  packet: Packet;
  route: Route;
  timing: PacketTiming;
  /** Whether the receiver answers this packet when it is delivered. */
  expectsResponse: boolean;
  /** Runs one checkpoint against the live model and connection tracking, at the clock's now. */
  checkpoint: (hop: Hop, packet: Packet) => HopOutcome;
}

export interface PacketContext extends PacketInput {
  /** Next hop to check. */
  hopIndex: number;
  /** Hops before this index are on the sender's side; the rest after transit. */
  transitIndex: number;
  current: Packet;
  results: HopResult[];
  lastResult: HopResult | null;
}

export interface PacketStepEvent {
  type: 'packet.step';
  packetId: string;
  kind: PacketKind;
  step: StepName;
  /** The check of this step: for egress-check and ingress-check, and the deciding one for dropped. */
  hop: HopResult | null;
  /** Tracking effects of the whole packet, for state-recorded. */
  tracking: TrackingEffect[];
  packet: Packet;
}

function recordsState(t: TrackingEffect): boolean {
  return t.kind === 'created' || t.kind === 'refreshed' || t.kind === 'untracked';
}

function isReceiverSide(h: Hop): boolean {
  return h.name === 'nacl-in' || h.name === 'sg-ingress' || (h.name === 'igw' && h.way === 'in');
}

function firstReceiverHop(hops: readonly Hop[]): number {
  const i = hops.findIndex(isReceiverSide);
  return i < 0 ? hops.length : i;
}

/**
 * What the machine decides and does, as plain functions of the context. The machine below names
 * them; `PacketLifecycles` runs the same functions along the machine's own states.
 */
export const packetGuards = {
  senderHopsLeft: (c: PacketContext): boolean => c.hopIndex < c.transitIndex,
  receiverHopsLeft: (c: PacketContext): boolean => c.hopIndex < c.route.hops.length,
  lastCheckDropped: (c: PacketContext): boolean => c.lastResult?.verdict === 'drop',
  // A check that only explains why it records nothing (an ICMP error, a mid-stream TCP packet
  // with pickup off) leaves connection tracking as it was: no record-state step for it.
  recordedState: (c: PacketContext): boolean => c.results.some((r) => r.tracking.some(recordsState)),
  expectsResponse: (c: PacketContext): boolean => c.expectsResponse,
};

export const packetDelays = {
  check: (c: PacketContext): number => c.timing.checkMs,
  transit: (c: PacketContext): number => c.timing.transitMs,
  respond: (c: PacketContext): number => c.timing.responseDelayMs,
};

/** Field by field rather than a spread of the input: one context per packet, built in the hot path. */
export function initialContext(input: PacketInput): PacketContext {
  return {
    id: input.id,
    kind: input.kind,
    flowId: input.flowId,
    trafficId: input.trafficId,
    packet: input.packet,
    route: input.route,
    timing: input.timing,
    expectsResponse: input.expectsResponse,
    checkpoint: input.checkpoint,
    hopIndex: 0,
    transitIndex: firstReceiverHop(input.route.hops),
    current: input.packet,
    results: [],
    lastResult: null,
  };
}

/** Runs the next hop's check; the context changes it makes. */
export function checkNextHop(c: PacketContext): Partial<PacketContext> {
  const hop = c.route.hops[c.hopIndex];
  if (!hop) return {};
  const out = c.checkpoint(hop, c.current);
  return { hopIndex: c.hopIndex + 1, current: out.packet, results: [...c.results, out.result], lastResult: out.result };
}

/** Steps other than state-recorded carry no tracking effects: one frozen empty list for all of them. */
const NO_TRACKING: TrackingEffect[] = Object.freeze([]) as unknown as TrackingEffect[];

/** The event that announces a step, with what that step shows. */
export function stepEvent(c: PacketContext, step: StepName): PacketStepEvent {
  return {
    type: 'packet.step',
    packetId: c.id,
    kind: c.kind,
    step,
    hop: step === 'egress-check' || step === 'ingress-check' || step === 'dropped' ? c.lastResult : null,
    tracking: step === 'state-recorded' ? c.results.flatMap((r) => r.tracking) : NO_TRACKING,
    packet: c.current,
  };
}

export const packetMachine = setup({
  types: {
    context: {} as PacketContext,
    input: {} as PacketInput,
    emitted: {} as PacketStepEvent,
  },
  delays: {
    check: ({ context }) => packetDelays.check(context),
    transit: ({ context }) => packetDelays.transit(context),
    respond: ({ context }) => packetDelays.respond(context),
  },
  guards: {
    senderHopsLeft: ({ context }) => packetGuards.senderHopsLeft(context),
    receiverHopsLeft: ({ context }) => packetGuards.receiverHopsLeft(context),
    lastCheckDropped: ({ context }) => packetGuards.lastCheckDropped(context),
    recordedState: ({ context }) => packetGuards.recordedState(context),
    expectsResponse: ({ context }) => packetGuards.expectsResponse(context),
  },
  actions: {
    checkNextHop: assign(({ context }) => checkNextHop(context)),
    announce: emit(({ context }, params: { step: StepName }) => stepEvent(context, params.step)),
  },
}).createMachine({
  id: 'packet',
  initial: 'created',
  context: ({ input }) => initialContext(input),
  states: {
    created: {
      entry: { type: 'announce', params: { step: 'created' } },
      always: [{ guard: 'senderHopsLeft', target: 'egressCheck' }, { target: 'inTransit' }],
    },
    egressCheck: {
      entry: ['checkNextHop', { type: 'announce', params: { step: 'egress-check' } }],
      after: {
        check: [
          { guard: 'lastCheckDropped', target: 'dropped' },
          { guard: 'senderHopsLeft', target: 'egressCheck', reenter: true },
          { target: 'inTransit' },
        ],
      },
    },
    inTransit: {
      entry: { type: 'announce', params: { step: 'in-transit' } },
      after: { transit: 'arrive' },
    },
    arrive: {
      entry: { type: 'announce', params: { step: 'arrived' } },
      always: [{ guard: 'receiverHopsLeft', target: 'ingressCheck' }, { target: 'allowed' }],
    },
    ingressCheck: {
      entry: ['checkNextHop', { type: 'announce', params: { step: 'ingress-check' } }],
      after: {
        check: [
          { guard: 'lastCheckDropped', target: 'dropped' },
          { guard: 'receiverHopsLeft', target: 'ingressCheck', reenter: true },
          { target: 'allowed' },
        ],
      },
    },
    allowed: {
      entry: { type: 'announce', params: { step: 'allowed' } },
      always: [{ guard: 'recordedState', target: 'recordState' }, { target: 'delivered' }],
    },
    recordState: {
      entry: { type: 'announce', params: { step: 'state-recorded' } },
      always: 'delivered',
    },
    delivered: {
      entry: { type: 'announce', params: { step: 'delivered' } },
      always: [{ guard: 'expectsResponse', target: 'respond' }, { target: 'done' }],
    },
    respond: {
      after: { respond: { target: 'done', actions: { type: 'announce', params: { step: 'responding' } } } },
    },
    dropped: {
      entry: { type: 'announce', params: { step: 'dropped' } },
      always: 'done',
    },
    done: { type: 'final' },
  },
});
