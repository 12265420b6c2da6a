/**
 * Packet lifecycles to run in tests: stub routes of zero to three hops on each side, a checkpoint
 * that answers from the scenario, and the steps and delays each scenario must produce.
 */
import { parseIp, type IpAddress } from '../../domain/addr';
import type { HopName } from '../../domain/document';
import type { HopOutcome, HopResult, TrackingEffect } from '../../domain/evaluate';
import type { EniInfo, NodeInfo } from '../../domain/model';
import type { Packet } from '../../domain/packet';
import { TCP } from '../../domain/protocol';
import type { Hop, Route } from '../../domain/route';
import { makePacket } from '../../domain/traffic';
import type { SimClock } from '../clock';
import type { PacketInput, PacketTiming, StepName } from '../packetMachine';
import { CLIENT, ENI_WEB, SUBNET_A, VPC, WEB } from './fixtures';

// ------------------------------------------------------------------ stub route and checkpoint

export type SenderHop = 'sg-egress' | 'nacl-out' | 'igw-out';
export type ReceiverHop = 'igw-in' | 'nacl-in' | 'sg-ingress';
export type HopKind = SenderHop | ReceiverHop;
export type Tracking = 'none' | 'created' | 'not-recorded';

export interface Scenario {
  sender: SenderHop[];
  receiver: ReceiverHop[];
  /** Route index of the hop that drops the packet, or null when every hop allows it. */
  dropAt: number | null;
  /** The tracking effect the first hop reports. */
  tracking: Tracking;
  expectsResponse: boolean;
}

export const TIMING: PacketTiming = { checkMs: 3, transitMs: 50, responseDelayMs: 7 };
export const BASE_PORT = 40000;

export function ip(text: string): IpAddress {
  const r = parseIp(text);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

export const SRC = ip('203.0.113.5');
export const DST = ip('10.0.1.10');
export const PACKET: Packet = makePacket(SRC, DST, { protocol: TCP, srcPort: BASE_PORT, dstPort: 80, icmpType: 0, icmpCode: 0, icmpId: 0, flags: 'S' });

export const STUB_ENI: EniInfo = {
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

export const STUB_SENDER: NodeInfo = {
  kind: 'external', id: CLIENT, name: 'client', host: { id: CLIENT, name: 'client', kind: 'client', ipv4: SRC.text }, ipv4: SRC, ipv6: null, listens: undefined,
};

export function makeHop(kind: HopKind): Hop {
  switch (kind) {
    case 'igw-out':
      return { name: 'igw', way: 'out', vpcId: VPC };
    case 'igw-in':
      return { name: 'igw', way: 'in', vpcId: VPC };
    default:
      return { name: kind, eni: STUB_ENI };
  }
}

export const HOP_NAME: Record<HopKind, HopName> = {
  'sg-egress': 'sg-egress',
  'nacl-out': 'nacl-out',
  'igw-out': 'igw',
  'igw-in': 'igw',
  'nacl-in': 'nacl-in',
  'sg-ingress': 'sg-ingress',
};

export function trackingOf(t: Tracking, p: Packet): TrackingEffect[] {
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

export interface Call {
  index: number;
  at: number;
  packet: Packet;
}

/**
 * A route of stub hops and a checkpoint that answers from the scenario. Each hop hands on the
 * packet with its source port raised by one, so a test can see that hop i+1 checks what hop i
 * passed on (the way the internet gateway's NAT rewrites addresses).
 */
export function makeInput(s: Scenario, clock: SimClock | null, calls: Call[] = []): PacketInput {
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

export function stubResult(s: Scenario, index: number, seen: Packet): HopResult {
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

export interface TimedStep {
  step: StepName;
  at: number;
  /** Route index of the check the step reports, or null. */
  hop: number | null;
}

/** The steps a scenario must announce, with their times on the clock, from the product's description. */
export function expectedSteps(s: Scenario): TimedStep[] {
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
export function expectedDelays(s: Scenario): { event: string; ms: number }[] {
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

// ------------------------------------------------------------------ every combination

export const SENDER_SHAPES: SenderHop[][] = [[], ['sg-egress'], ['sg-egress', 'nacl-out', 'igw-out']];
export const RECEIVER_SHAPES: ReceiverHop[][] = [[], ['sg-ingress'], ['igw-in', 'nacl-in', 'sg-ingress']];

export function allScenarios(): Scenario[] {
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

export function describeScenario(s: Scenario): string {
  const hops = [...s.sender, '|', ...s.receiver].join(' ');
  return `[${hops}] drop=${s.dropAt ?? '-'} tracking=${s.tracking} answer=${s.expectsResponse}`;
}

