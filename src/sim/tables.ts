/**
 * The two tables that explain a run: the process table (one row per lifecycle step) and the
 * connection-state table (one row per tracked or untracked flow of each ENI, with its history).
 */
import type { CtSnapshot, HopResult, TrackingEffect } from '../domain/evaluate';
import { describePacket, type Direction } from '../domain/packet';
import { protocolLabel } from '../domain/protocol';
import type { PacketKind, PacketStepEvent, StepName } from './packetMachine';

export interface ProcessRow {
  seq: number;
  /** Simulated ms. */
  time: number;
  packetId: string;
  kind: PacketKind;
  trafficId: string | null;
  step: StepName;
  direction: Direction | null;
  check: string;
  result: 'allowed' | 'dropped' | null;
  action: string;
  decidedBy: string;
  explanation: string;
  packet: string;
  /** The checkpoint of a check or a drop, and the ENI, subnet or VPC that owns it. */
  hop: HopResult['hop'] | null;
  subjectId: string | null;
}

export interface CtChange {
  time: number;
  packetId: string;
  effect: TrackingEffect['kind'];
  note: string;
}

export interface ConnectionRow {
  eniId: string;
  key: string;
  protocol: string;
  local: string;
  remote: string;
  tracked: boolean;
  state: string;
  /** Seconds since the flow last saw a packet. */
  idleSeconds: number;
  timeoutSeconds: number;
  /** Seconds left before the entry expires (0 when expired). */
  remainingSeconds: number;
  expiresAt: number;
  history: CtChange[];
}

const HOP_CHECK: Record<HopResult['hop'], string> = {
  'sg-egress': 'security group outbound rules',
  'sg-ingress': 'security group inbound rules',
  'nacl-out': 'network ACL outbound rules',
  'nacl-in': 'network ACL inbound rules',
  igw: 'internet gateway',
};

export function checkLabel(h: HopResult): string {
  if (h.decidedBy.kind === 'conntrack') return `connection state of ${h.subjectName}`;
  return `${HOP_CHECK[h.hop]} (${h.subjectName})`;
}

export function trackingNote(t: TrackingEffect): string {
  switch (t.kind) {
    case 'created':
      return `record connection ${flowText(t.entry)} on ${t.entry.eniId}`;
    case 'refreshed':
      return `refresh ${t.entry.tracked ? 'tracked' : 'untracked'} flow ${flowText(t.entry)}`;
    case 'expired':
      return `entry ${flowText(t.entry)} had expired and is removed`;
    case 'untracked':
      return `flow ${flowText(t.entry)} not tracked`;
    case 'not-recorded':
      return t.why;
  }
}

export function flowText(e: CtSnapshot): string {
  const side = (a: string, port: number) => (port ? `${a}:${port}` : a);
  return `${protocolLabel(e.protocol)} ${side(e.local, e.localPort)} ↔ ${side(e.remote, e.remotePort)}`;
}

function hopAction(h: HopResult): string {
  if (h.verdict === 'drop') return 'drop';
  const notes = h.tracking.filter((t) => t.kind !== 'expired').map(trackingNote);
  if (h.hop === 'igw') return h.explanation.replace(/^The internet gateway /, '').replace(/\.$/, '');
  return notes.length > 0 ? notes.join('; ') : 'pass';
}

/** The process-table row for one announced step. */
export function rowFor(e: PacketStepEvent, seq: number, time: number, trafficId: string | null, receiverName: string): ProcessRow {
  const base: ProcessRow = {
    seq, time, packetId: e.packetId, kind: e.kind, trafficId, step: e.step,
    direction: null, check: '', result: null, action: '', decidedBy: '', explanation: '', packet: describePacket(e.packet),
    hop: null, subjectId: null,
  };
  switch (e.step) {
    case 'created':
      return { ...base, action: e.kind === 'request' ? 'send request' : 'send response' };
    case 'egress-check':
    case 'ingress-check': {
      const h = e.hop;
      if (!h) return base;
      return {
        ...base, direction: h.direction, check: checkLabel(h), result: h.verdict === 'allow' ? 'allowed' : 'dropped',
        action: hopAction(h), decidedBy: h.decidedBy.text, explanation: h.explanation, hop: h.hop, subjectId: h.subjectId,
      };
    }
    case 'in-transit':
      return { ...base, action: 'forward' };
    case 'arrived':
      return { ...base, action: `arrive at ${receiverName}` };
    case 'allowed':
      return { ...base, result: 'allowed', action: 'accept' };
    case 'dropped':
      return {
        ...base, direction: e.hop?.direction ?? null, check: e.hop ? checkLabel(e.hop) : '', result: 'dropped', action: 'drop',
        decidedBy: e.hop?.decidedBy.text ?? '', explanation: e.hop?.explanation ?? '', hop: e.hop?.hop ?? null, subjectId: e.hop?.subjectId ?? null,
      };
    case 'state-recorded':
      return { ...base, action: e.tracking.filter((t) => t.kind !== 'expired').map(trackingNote).join('; ') };
    case 'delivered':
      return { ...base, result: 'allowed', action: `deliver to ${receiverName}` };
    case 'responding':
      return { ...base, action: 'send response' };
  }
}
