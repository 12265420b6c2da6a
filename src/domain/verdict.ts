/**
 * What a checkpoint answers: allow or drop, what decided it (a rule with its group and position,
 * a connection-tracking entry, a NACL rule number or `*`, or that no rule matched), what it did to
 * connection tracking, and a sentence that explains it.
 */
import { entryTimeout, expiresAt, type ConntrackTable, type CtEntry, type CtState } from './conntrack';
import type { HopName, NaclRule, SgRule } from './document';
import type { EniId, NaclId, SecurityGroupId } from './ids';
import type { EniInfo, Model } from './model';
import { type Direction, type Packet } from './packet';

export type Verdict = 'allow' | 'drop';

export type DecidedBy =
  | { kind: 'sg-rule'; groupId: SecurityGroupId; groupName: string; direction: Direction; index: number; rule: SgRule; text: string }
  | { kind: 'conntrack'; eniId: EniId; key: string; state: CtState; text: string }
  | { kind: 'sg-no-match'; groupIds: SecurityGroupId[]; text: string }
  | { kind: 'allowance-exceeded'; allowance: number; text: string }
  | { kind: 'nacl-rule'; naclId: NaclId; ruleNumber: number; action: 'allow' | 'deny'; rule: NaclRule; text: string }
  | { kind: 'nacl-star'; naclId: NaclId; ruleNumber: number; text: string }
  | { kind: 'igw'; text: string }
  | { kind: 'not-filtered'; service: string; text: string };

/** A copy of an entry as it stood at one step, for the tables and the CLI. */
export interface CtSnapshot {
  eniId: EniId;
  key: string;
  protocol: number;
  local: string;
  localPort: number;
  remote: string;
  remotePort: number;
  tracked: boolean;
  state: CtState;
  lastSeen: number;
  /** Simulated ms at which it stops admitting packets. */
  expiresAt: number;
  timeoutSeconds: number;
}

export type TrackingEffect =
  | { kind: 'created'; entry: CtSnapshot }
  | { kind: 'refreshed'; entry: CtSnapshot }
  | { kind: 'expired'; entry: CtSnapshot }
  | { kind: 'untracked'; entry: CtSnapshot; why: string }
  | { kind: 'not-recorded'; why: string };

export interface HopResult {
  hop: HopName;
  /** The ENI, subnet or VPC that owns the checkpoint. */
  subjectId: string;
  subjectName: string;
  direction: Direction;
  verdict: Verdict;
  decidedBy: DecidedBy;
  tracking: TrackingEffect[];
  /** The packet as this checkpoint saw it (before any translation the hop applies). */
  packet: Packet;
  /** Plain-language reason. */
  explanation: string;
}

export interface HopOutcome {
  result: HopResult;
  /** The packet after the hop (the internet gateway rewrites addresses). */
  packet: Packet;
}

export function snapshot(e: CtEntry, eni: EniInfo, model: Model): CtSnapshot {
  return {
    eniId: e.eniId,
    key: e.key,
    protocol: e.protocol,
    local: e.local.text,
    localPort: e.localPort,
    remote: e.remote.text,
    remotePort: e.remotePort,
    tracked: e.tracked,
    state: e.state,
    lastSeen: e.lastSeen,
    expiresAt: expiresAt(e, eni.timeouts, model.settings),
    timeoutSeconds: entryTimeout(e, eni.timeouts, model.settings),
  };
}

// ---------------------------------------------------------------- texts built once
//
// Most of a verdict's words depend only on the rule, ENI or gateway that decided it, and every
// packet it judges repeats them: each text is built the first time and then shared (strings are
// immutable, so sharing changes nothing a reader can see). The caches are keyed by the compiled
// objects of one model, so a new document starts afresh and the garbage collector drops the texts
// of models no longer in use.

/** Caches one string per key object; `build` runs only on a miss. */
export function memo<K extends object>(cache: WeakMap<K, string>, key: K, build: (key: K) => string): string {
  let text = cache.get(key);
  if (text === undefined) cache.set(key, (text = build(key)));
  return text;
}

/** A checkpoint's result, its fields always in this order (the order JSON output shows them in). */
export function hopResult(
  hop: HopName, subjectId: string, subjectName: string, direction: Direction, packet: Packet, tracking: TrackingEffect[],
  verdict: Verdict, decidedBy: DecidedBy, explanation: string,
): HopResult {
  return { hop, subjectId, subjectName, direction, packet, tracking, verdict, decidedBy, explanation };
}

export interface HopContext {
  model: Model;
  ct: ConntrackTable;
  now: number;
  /** The other end is a service AWS always tracks (NAT gateway, NLB, ...). */
  peerAutoTracked: boolean;
}
