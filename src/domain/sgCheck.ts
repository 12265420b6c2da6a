/**
 * The security-group checkpoint (rules 1-27): connection state first, then the union of the
 * ENI's rules, and the tracked or untracked record an admitted packet leaves.
 */
import { flowKey, isExpired, newEntry, touchEntry, type CtEntry } from './conntrack';
import type { HopName } from './document';
import type { IpAddress } from './addr';
import type { EniInfo } from './model';
import { isIcmpErrorPacket, type Direction, type Packet } from './packet';
import { ICMP, ICMPV6, TCP, UDP } from './protocol';
import { describeSgRule, type CompiledSgRule } from './sgRule';
import { hopResult, memo, snapshot, type DecidedBy, type HopContext, type HopResult, type TrackingEffect } from './verdict';

const eniNames = new WeakMap<EniInfo, string>();
const eniName = (eni: EniInfo): string => `${eni.instance.name} (${eni.id})`;

interface SgRuleTexts {
  decidedBy: string;
  allowed: string;
  untrackedFlow: string;
  nowTracked: string;
}

/** By direction: a rule's words name the direction it was matched in. */
const sgRuleTexts = { inbound: new WeakMap<CompiledSgRule, SgRuleTexts>(), outbound: new WeakMap<CompiledSgRule, SgRuleTexts>() };

function sgTexts(r: CompiledSgRule, direction: Direction): SgRuleTexts {
  const cache = sgRuleTexts[direction];
  let t = cache.get(r);
  if (!t) {
    const described = describeSgRule(r.rule, r.protocol, direction);
    const allowed = `Allowed by ${r.groupName}'s ${direction} rule ${r.index + 1} (${described}).`;
    t = {
      decidedBy: `${r.groupName} ${direction} rule ${r.index + 1}: ${described}`,
      allowed,
      untrackedFlow: `${allowed} The flow is untracked: every packet is judged by the rules.`,
      nowTracked: `${allowed} The connection is now tracked, so its responses will pass without a rule.`,
    };
    cache.set(r, t);
  }
  return t;
}

// A flow's own words (its addresses) are built per packet: a flow is met about once per direction,
// too seldom for a cache to pay.

const RESPONSE_ALLOWED: Record<Direction, Record<Direction, string>> = {
  inbound: {
    inbound: 'Allowed as a response: the security group tracked the inbound packet that started this flow, so no inbound rule is needed.',
    outbound: 'Allowed as a response: the security group tracked the inbound packet that started this flow, so no outbound rule is needed.',
  },
  outbound: {
    inbound: 'Allowed as a response: the security group tracked the outbound packet that started this flow, so no inbound rule is needed.',
    outbound: 'Allowed as a response: the security group tracked the outbound packet that started this flow, so no outbound rule is needed.',
  },
};

/**
 * The security-group checkpoint (rules 1-27): a live tracked entry admits the packet whatever the
 * rules say; otherwise the union of the ENI's rules decides, and an admitted packet starts a
 * tracked or an untracked entry.
 */
export function evaluateSg(ctx: HopContext, eni: EniInfo, direction: Direction, p: Packet): HopResult {
  const { model, ct, now } = ctx;
  const s = model.settings;
  const hop: HopName = direction === 'inbound' ? 'sg-ingress' : 'sg-egress';
  const remote = direction === 'inbound' ? p.src : p.dst;
  const subjectName = memo(eniNames, eni, eniName);
  const tracking: TrackingEffect[] = [];
  const icmpError = isIcmpErrorPacket(p);
  const key = icmpError ? '' : flowKey(p, direction);
  let entry = icmpError ? undefined : ct.get(eni.id, key);
  if (entry && isExpired(entry, now, eni.timeouts, s)) {
    tracking.push({ kind: 'expired', entry: snapshot(entry, eni, model) });
    ct.delete(entry);
    entry = undefined;
  }
  if (entry?.tracked) {
    touchEntry(entry, p, direction, now);
    tracking.push({ kind: 'refreshed', entry: snapshot(entry, eni, model) });
    const text = `tracked connection ${entry.remote.text}${entry.remotePort ? `:${entry.remotePort}` : ''} ↔ ${entry.local.text}${entry.localPort ? `:${entry.localPort}` : ''}`;
    return hopResult(
      hop, eni.id, subjectName, direction, p, tracking, 'allow',
      { kind: 'conntrack', eniId: eni.id, key, state: entry.state, text },
      entry.initiator === direction
        ? `Allowed by the ${text}: the flow is already tracked, so the rules are not consulted again.`
        : RESPONSE_ALLOWED[entry.initiator][direction],
    );
  }

  const rules = model.ruleSet(eni.id, direction);
  const r = rules.match(p, remote);
  if (!r) {
    const what = direction === 'inbound' ? 'inbound rule allows it from' : 'outbound rule allows it to';
    const why = icmpError
      ? ' ICMP errors are not treated as responses: they need an inbound ICMP rule of their own.'
      : entry
        ? ' The flow is untracked, so each packet is judged by the current rules.'
        : '';
    return hopResult(
      hop, eni.id, subjectName, direction, p, tracking, 'drop',
      { kind: 'sg-no-match', groupIds: eni.groupIds, text: 'no rule matched' },
      `No ${what} ${remote.text} on ${describePort(p)} in the groups of ${subjectName}${eni.groupIds.length ? ` (${eni.groupIds.join(', ')})` : ''}, and there is no tracked connection.${why}`,
    );
  }
  const texts = sgTexts(r, direction);
  const decidedBy: DecidedBy = {
    kind: 'sg-rule', groupId: r.groupId, groupName: r.groupName, direction, index: r.index, rule: r.rule, text: texts.decidedBy,
  };
  const explanation = texts.allowed;

  if (icmpError) {
    tracking.push({ kind: 'not-recorded', why: 'ICMP errors are checked against the rules and never start tracking.' });
    return hopResult(hop, eni.id, subjectName, direction, p, tracking, 'allow', decidedBy, explanation);
  }
  if (p.protocol === TCP && !s.tcpMidstreamPickup && p.flags !== 'S' && p.flags !== null && !entry) {
    tracking.push({ kind: 'not-recorded', why: 'Only a SYN starts tracking a TCP connection (setting: mid-stream pickup off).' });
    return hopResult(hop, eni.id, subjectName, direction, p, tracking, 'allow', decidedBy, explanation);
  }

  // For a packet of an existing (untracked) flow the untracked condition is the flow's, read from
  // the direction that opened it, not from this packet's direction (a reply is never "wide open").
  const untrackedWhy = entry
    ? s.untrackedAfterChange === 'track' ? flowUntrackedReason(ctx, eni, entry, direction, p) : entry.untrackedReason ?? 'untracked'
    : untrackedReason(ctx, eni, direction, p, remote);
  if (entry && !(s.untrackedAfterChange === 'track' && untrackedWhy === null)) {
    touchEntry(entry, p, direction, now);
    tracking.push({ kind: 'refreshed', entry: snapshot(entry, eni, model) });
    return hopResult(hop, eni.id, subjectName, direction, p, tracking, 'allow', decidedBy, texts.untrackedFlow);
  }
  if (untrackedWhy !== null) {
    const e = newEntry(eni.id, p, direction, now, false, untrackedWhy, key);
    ct.put(e);
    tracking.push({ kind: 'untracked', entry: snapshot(e, eni, model), why: untrackedWhy });
    return hopResult(hop, eni.id, subjectName, direction, p, tracking, 'allow', decidedBy, `${explanation} The flow is not tracked: ${untrackedWhy}`);
  }
  const allowance = eni.instance.conntrackAllowance ?? s.conntrackAllowance;
  const instanceEnis = eni.instance.enis.map((e) => e.id);
  // Entries that have idled out no longer hold a place (rule 26); they are only swept when they matter.
  if (ct.trackedCount(instanceEnis) >= allowance) ct.dropExpired(instanceEnis, now, (id) => model.enis.get(id)?.timeouts, s);
  if (ct.trackedCount(instanceEnis) >= allowance) {
    const text = `connection-tracking allowance of ${allowance} exceeded`;
    return hopResult(
      hop, eni.id, subjectName, direction, p, tracking, 'drop',
      { kind: 'allowance-exceeded', allowance, text },
      `${eni.instance.name} already tracks ${allowance} connections, its allowance: a new connection can't be recorded, so the packet is dropped even though ${r.groupName}'s rule ${r.index + 1} allows it.`,
    );
  }
  // An untracked flow that becomes tracked (setting 'track') keeps its initiator and counters.
  const e = entry ? { ...entry, tracked: true, untrackedReason: null } : newEntry(eni.id, p, direction, now, true, null, key);
  if (entry) touchEntry(e, p, direction, now);
  ct.put(e);
  tracking.push({ kind: 'created', entry: snapshot(e, eni, model) });
  return hopResult(hop, eni.id, subjectName, direction, p, tracking, 'allow', decidedBy, texts.nowTracked);
}

/**
 * Why a newly admitted flow is untracked, or null when it is tracked (rule 18, edge cases 6-7):
 * TCP or UDP, a matching rule open to the whole family, a rule the other way open to the whole
 * family on every port, and no automatically tracked peer. ICMP and other protocols are always tracked.
 */
function untrackedReason(ctx: HopContext, eni: EniInfo, direction: Direction, p: Packet, remote: IpAddress): string | null {
  if (p.protocol !== TCP && p.protocol !== UDP) return null;
  if (ctx.peerAutoTracked) return null;
  const wholeFamilyRule = ctx.model.ruleSet(eni.id, direction).wholeFamilyMatch(p, remote);
  if (!wholeFamilyRule) return null;
  const other: Direction = direction === 'inbound' ? 'outbound' : 'inbound';
  const reverse = ctx.model.ruleSet(eni.id, other).opensEverything(p.protocol, p.family);
  if (!reverse) return null;
  return untrackedText(wholeFamilyRule, reverse);
}

/** The words of the untracked condition depend only on the two rules: built once per pair, not per flow. */
const untrackedTexts = new WeakMap<CompiledSgRule, WeakMap<CompiledSgRule, string>>();

function untrackedText(open: CompiledSgRule, reverse: CompiledSgRule): string {
  let byReverse = untrackedTexts.get(open);
  if (!byReverse) untrackedTexts.set(open, (byReverse = new WeakMap()));
  let text = byReverse.get(reverse);
  if (text === undefined) {
    const any = open.wholeFamily === 6 ? '::/0' : '0.0.0.0/0';
    text = `${open.groupName}'s ${open.direction} rule ${open.index + 1} allows ${any}, and ${reverse.groupName}'s ${reverse.direction} rule ${reverse.index + 1} allows every port to ${any}, so AWS does not track it; responses are judged by the rules.`;
    byReverse.set(reverse, text);
  }
  return text;
}

/**
 * The untracked condition of an existing flow, read in the direction that opened it: for a packet
 * going the other way, the opening packet is this one reversed. When no rule admits the opening
 * direction any more, the flow stays untracked and the rules cut it (rule 22).
 */
function flowUntrackedReason(ctx: HopContext, eni: EniInfo, entry: CtEntry, direction: Direction, p: Packet): string | null {
  const remote = direction === 'inbound' ? p.src : p.dst;
  if (direction === entry.initiator) return untrackedReason(ctx, eni, direction, p, remote);
  const opening: Packet = { ...p, src: p.dst, dst: p.src, srcPort: p.dstPort, dstPort: p.srcPort };
  const m = ctx.model.ruleSet(eni.id, entry.initiator).match(opening, remote);
  if (!m) return entry.untrackedReason ?? 'the rule that opened this untracked flow no longer admits it';
  return untrackedReason(ctx, eni, entry.initiator, opening, remote);
}

function describePort(p: Packet): string {
  if (p.protocol === TCP) return `TCP port ${p.dstPort}`;
  if (p.protocol === UDP) return `UDP port ${p.dstPort}`;
  if (p.protocol === ICMP || p.protocol === ICMPV6) return `${p.protocol === ICMP ? 'ICMP' : 'ICMPv6'} type ${p.icmpType} code ${p.icmpCode}`;
  return `protocol ${p.protocol}`;
}
