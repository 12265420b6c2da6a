/**
 * Verdicts with their reasons. Each checkpoint answers allow or drop, names what decided (a rule
 * with its group and position, a connection-tracking entry, a NACL rule number or `*`, or that no
 * rule matched) and what it did to connection tracking.
 */
import type { IpAddress } from './addr';
import { entryTimeout, expiresAt, flowKey, isExpired, newEntry, touchEntry, type ConntrackTable, type CtEntry, type CtState } from './conntrack';
import type { HopName, NaclRule, SgRule } from './document';
import type { EniId, NaclId, SecurityGroupId, VpcId } from './ids';
import type { EniInfo, Model } from './model';
import { evaluateNacl, describeNaclRule } from './nacl';
import { isIcmpErrorPacket, type Direction, type Packet } from './packet';
import { ICMP, ICMPV6, TCP, UDP } from './protocol';
import type { Hop } from './route';
import { describeSgRule } from './sgRule';

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

function withAddress(p: Packet, field: 'src' | 'dst', a: IpAddress): Packet {
  return { ...p, [field]: a };
}

export interface HopContext {
  model: Model;
  ct: ConntrackTable;
  now: number;
  /** The other end is a service AWS always tracks (NAT gateway, NLB, ...). */
  peerAutoTracked: boolean;
}

export function evaluateHop(ctx: HopContext, hop: Hop, p: Packet): HopOutcome {
  switch (hop.name) {
    case 'sg-egress':
      return { result: evaluateSg(ctx, hop.eni, 'outbound', p), packet: p };
    case 'sg-ingress':
      return { result: evaluateSg(ctx, hop.eni, 'inbound', p), packet: p };
    case 'nacl-out':
      return { result: naclHop(ctx, hop.eni, 'outbound', p), packet: p };
    case 'nacl-in':
      return { result: naclHop(ctx, hop.eni, 'inbound', p), packet: p };
    case 'igw':
      return igwHop(ctx, hop.vpcId, hop.way, p);
  }
}

function naclHop(ctx: HopContext, eni: EniInfo, direction: Direction, p: Packet): HopResult {
  const subnet = ctx.model.subnets.get(eni.subnetId);
  const acl = subnet ? ctx.model.nacls.get(subnet.subnet.networkAclId) : undefined;
  const hop: HopName = direction === 'inbound' ? 'nacl-in' : 'nacl-out';
  const subjectId = subnet?.subnet.id ?? eni.subnetId;
  const subjectName = subnet?.subnet.name ?? eni.subnetId;
  if (!acl) {
    return {
      hop, subjectId, subjectName, direction, verdict: 'drop', packet: p, tracking: [],
      decidedBy: { kind: 'nacl-star', naclId: '' as NaclId, ruleNumber: 32767, text: 'no network ACL' },
      explanation: `Subnet ${subjectName} has no network ACL associated, so nothing is allowed through it.`,
    };
  }
  const d = evaluateNacl(acl, direction, p);
  const where = direction === 'inbound' ? `into subnet ${subjectName}` : `out of subnet ${subjectName}`;
  if (d.kind === 'star') {
    return {
      hop, subjectId, subjectName, direction, verdict: 'drop', packet: p, tracking: [],
      decidedBy: { kind: 'nacl-star', naclId: acl.id, ruleNumber: d.ruleNumber, text: `${acl.name} rule * (deny)` },
      explanation: `No numbered rule of network ACL ${acl.name} matches this packet ${where}, so the * rule denies it. NACLs are stateless: a reply needs its own rule${direction === 'outbound' ? ', usually for the client\'s ephemeral ports 1024-65535' : ''}.`,
    };
  }
  const r = d.rule;
  const allow = r.action === 'allow';
  return {
    hop, subjectId, subjectName, direction, verdict: allow ? 'allow' : 'drop', packet: p, tracking: [],
    decidedBy: { kind: 'nacl-rule', naclId: acl.id, ruleNumber: r.ruleNumber, action: r.action, rule: r.rule, text: `${acl.name} rule ${describeNaclRule(r.rule)}` },
    explanation: allow
      ? `Network ACL ${acl.name} rule ${r.ruleNumber} allows this packet ${where} (the first matching rule decides).`
      : `Network ACL ${acl.name} rule ${r.ruleNumber} denies this packet ${where}; it is the lowest-numbered rule that matches.`,
  };
}

function igwHop(ctx: HopContext, vpcId: VpcId, way: 'out' | 'in', p: Packet): HopOutcome {
  const vpc = ctx.model.vpcs.get(vpcId);
  const name = vpc?.vpc.name ?? vpcId;
  const base = { hop: 'igw' as const, subjectId: vpc?.igw ?? vpcId, subjectName: `VPC ${name}`, direction: (way === 'out' ? 'outbound' : 'inbound') as Direction, packet: p, tracking: [] };
  const drop = (explanation: string): HopOutcome => ({
    result: { ...base, verdict: 'drop', decidedBy: { kind: 'igw', text: explanation }, explanation },
    packet: p,
  });
  if (!vpc?.igw) return drop(`VPC ${name} has no internet gateway, so traffic can't ${way === 'out' ? 'leave for' : 'arrive from'} the internet.`);
  if (way === 'out') {
    if (ctx.model.settings.blockOutboundSmtp && p.protocol === TCP && p.dstPort === 25) {
      return drop('EC2 blocks outbound traffic on port 25 to the internet by default.');
    }
    if (p.family === 6) {
      const ok = `The internet gateway forwards IPv6 ${p.src.text} unchanged (IPv6 is not translated).`;
      return { result: { ...base, verdict: 'allow', decidedBy: { kind: 'igw', text: ok }, explanation: ok }, packet: p };
    }
    const eni = ctx.model.eniByAddress.get(p.src.v4);
    if (!eni?.publicIp) return drop(`${p.src.text} has no public IPv4 address, so the internet gateway can't translate it and the packet can't reach the internet.`);
    const text = `The internet gateway translates the source ${p.src.text} to the public address ${eni.publicIp.text}.`;
    return { result: { ...base, verdict: 'allow', decidedBy: { kind: 'igw', text }, explanation: text }, packet: withAddress(p, 'src', eni.publicIp) };
  }
  if (p.family === 6) {
    const ok = `The internet gateway forwards IPv6 ${p.dst.text} unchanged.`;
    return { result: { ...base, verdict: 'allow', decidedBy: { kind: 'igw', text: ok }, explanation: ok }, packet: p };
  }
  const eni = ctx.model.eniByPublicIp.get(p.dst.v4);
  if (!eni) return drop(`${p.dst.text} is not a public address of this VPC: private addresses can't be reached from the internet.`);
  const text = `The internet gateway translates the destination ${p.dst.text} to the private address ${eni.privateIp.text}; groups and NACLs see the private address.`;
  return { result: { ...base, verdict: 'allow', decidedBy: { kind: 'igw', text }, explanation: text }, packet: withAddress(p, 'dst', eni.privateIp) };
}

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
  const subjectName = `${eni.instance.name} (${eni.id})`;
  const tracking: TrackingEffect[] = [];
  const base = { hop, subjectId: eni.id as string, subjectName, direction, packet: p, tracking };
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
    return {
      ...base, verdict: 'allow',
      decidedBy: { kind: 'conntrack', eniId: eni.id, key, state: entry.state, text },
      explanation: entry.initiator === direction
        ? `Allowed by the ${text}: the flow is already tracked, so the rules are not consulted again.`
        : `Allowed as a response: the security group tracked the ${entry.initiator} packet that started this flow, so no ${direction} rule is needed.`,
    };
  }

  const rules = model.ruleSet(eni.id, direction);
  const match = rules.match(p, remote);
  if (!match) {
    const what = direction === 'inbound' ? 'inbound rule allows it from' : 'outbound rule allows it to';
    const why = icmpError
      ? ' ICMP errors are not treated as responses: they need an inbound ICMP rule of their own.'
      : entry
        ? ' The flow is untracked, so each packet is judged by the current rules.'
        : '';
    return {
      ...base, verdict: 'drop',
      decidedBy: { kind: 'sg-no-match', groupIds: eni.groupIds, text: 'no rule matched' },
      explanation: `No ${what} ${remote.text} on ${describePort(p)} in the groups of ${subjectName}${eni.groupIds.length ? ` (${eni.groupIds.join(', ')})` : ''}, and there is no tracked connection.${why}`,
    };
  }
  const r = match.rule;
  const decidedBy: DecidedBy = {
    kind: 'sg-rule', groupId: r.groupId, groupName: r.groupName, direction, index: r.index, rule: r.rule,
    text: `${r.groupName} ${direction} rule ${r.index + 1}: ${describeSgRule(r.rule, r.protocol, direction)}`,
  };
  const explanation = `Allowed by ${r.groupName}'s ${direction} rule ${r.index + 1} (${describeSgRule(r.rule, r.protocol, direction)}).`;

  if (icmpError) {
    tracking.push({ kind: 'not-recorded', why: 'ICMP errors are checked against the rules and never start tracking.' });
    return { ...base, verdict: 'allow', decidedBy, explanation };
  }
  if (p.protocol === TCP && !s.tcpMidstreamPickup && p.flags !== 'S' && p.flags !== null && !entry) {
    tracking.push({ kind: 'not-recorded', why: 'Only a SYN starts tracking a TCP connection (setting: mid-stream pickup off).' });
    return { ...base, verdict: 'allow', decidedBy, explanation };
  }

  // For a packet of an existing (untracked) flow the untracked condition is the flow's, read from
  // the direction that opened it, not from this packet's direction (a reply is never "wide open").
  const untrackedWhy = entry
    ? s.untrackedAfterChange === 'track' ? flowUntrackedReason(ctx, eni, entry, direction, p, match.wholeFamilyRule) : entry.untrackedReason ?? 'untracked'
    : untrackedReason(ctx, eni, direction, p, match.wholeFamilyRule);
  if (entry && !(s.untrackedAfterChange === 'track' && untrackedWhy === null)) {
    touchEntry(entry, p, direction, now);
    tracking.push({ kind: 'refreshed', entry: snapshot(entry, eni, model) });
    return { ...base, verdict: 'allow', decidedBy, explanation: `${explanation} The flow is untracked: every packet is judged by the rules.` };
  }
  if (untrackedWhy !== null) {
    const e = newEntry(eni.id, p, direction, now, false, untrackedWhy);
    ct.put(e);
    tracking.push({ kind: 'untracked', entry: snapshot(e, eni, model), why: untrackedWhy });
    return { ...base, verdict: 'allow', decidedBy, explanation: `${explanation} The flow is not tracked: ${untrackedWhy}` };
  }
  const allowance = eni.instance.conntrackAllowance ?? s.conntrackAllowance;
  const instanceEnis = eni.instance.enis.map((e) => e.id);
  // Entries that have idled out no longer hold a place (rule 26); they are only swept when they matter.
  if (ct.trackedCount(instanceEnis) >= allowance) sweepExpired(ctx, instanceEnis);
  if (ct.trackedCount(instanceEnis) >= allowance) {
    const text = `connection-tracking allowance of ${allowance} exceeded`;
    return {
      ...base, verdict: 'drop',
      decidedBy: { kind: 'allowance-exceeded', allowance, text },
      explanation: `${eni.instance.name} already tracks ${allowance} connections, its allowance: a new connection can't be recorded, so the packet is dropped even though ${r.groupName}'s rule ${r.index + 1} allows it.`,
    };
  }
  // An untracked flow that becomes tracked (setting 'track') keeps its initiator and counters.
  const e = entry ? { ...entry, tracked: true, untrackedReason: null } : newEntry(eni.id, p, direction, now, true, null);
  if (entry) touchEntry(e, p, direction, now);
  ct.put(e);
  tracking.push({ kind: 'created', entry: snapshot(e, eni, model) });
  return { ...base, verdict: 'allow', decidedBy, explanation: `${explanation} The connection is now tracked, so its responses will pass without a rule.` };
}

/**
 * Why a newly admitted flow is untracked, or null when it is tracked (rule 18, edge cases 6-7):
 * TCP or UDP, a matching rule open to the whole family, a rule the other way open to the whole
 * family on every port, and no automatically tracked peer. ICMP and other protocols are always tracked.
 */
function untrackedReason(ctx: HopContext, eni: EniInfo, direction: Direction, p: Packet, wholeFamilyRule: { groupName: string; index: number } | null): string | null {
  if (p.protocol !== TCP && p.protocol !== UDP) return null;
  if (!wholeFamilyRule || ctx.peerAutoTracked) return null;
  const other: Direction = direction === 'inbound' ? 'outbound' : 'inbound';
  const reverse = ctx.model.ruleSet(eni.id, other).opensEverything(p.protocol, p.family);
  if (!reverse) return null;
  const any = p.family === 4 ? '0.0.0.0/0' : '::/0';
  return `${wholeFamilyRule.groupName}'s ${direction} rule ${wholeFamilyRule.index + 1} allows ${any}, and ${reverse.groupName}'s ${other} rule ${reverse.index + 1} allows every port to ${any}, so AWS does not track it; responses are judged by the rules.`;
}

/**
 * The untracked condition of an existing flow, read in the direction that opened it: for a packet
 * going the other way, the opening packet is this one reversed. When no rule admits the opening
 * direction any more, the flow stays untracked and the rules cut it (rule 22).
 */
function flowUntrackedReason(ctx: HopContext, eni: EniInfo, entry: CtEntry, direction: Direction, p: Packet, wholeFamilyRule: { groupName: string; index: number } | null): string | null {
  if (direction === entry.initiator) return untrackedReason(ctx, eni, direction, p, wholeFamilyRule);
  const remote = direction === 'inbound' ? p.src : p.dst;
  const opening: Packet = { ...p, src: p.dst, dst: p.src, srcPort: p.dstPort, dstPort: p.srcPort };
  const m = ctx.model.ruleSet(eni.id, entry.initiator).match(opening, remote);
  if (!m) return entry.untrackedReason ?? 'the rule that opened this untracked flow no longer admits it';
  return untrackedReason(ctx, eni, entry.initiator, opening, m.wholeFamilyRule);
}

/** Deletes the idled-out entries of these ENIs. */
function sweepExpired(ctx: HopContext, eniIds: readonly EniId[]): void {
  for (const id of eniIds) {
    const info = ctx.model.enis.get(id);
    if (!info) continue;
    for (const e of ctx.ct.entries(id)) if (isExpired(e, ctx.now, info.timeouts, ctx.model.settings)) ctx.ct.delete(e);
  }
}

function describePort(p: Packet): string {
  if (p.protocol === TCP) return `TCP port ${p.dstPort}`;
  if (p.protocol === UDP) return `UDP port ${p.dstPort}`;
  if (p.protocol === ICMP || p.protocol === ICMPV6) return `${p.protocol === ICMP ? 'ICMP' : 'ICMPv6'} type ${p.icmpType} code ${p.icmpCode}`;
  return `protocol ${p.protocol}`;
}

/** Runs every hop of a route at one instant: the CLI and the tests use it; the simulation spaces hops in time. */
export function evaluateRoute(ctx: HopContext, hops: readonly Hop[], p: Packet): { verdict: Verdict; results: HopResult[]; packet: Packet } {
  const results: HopResult[] = [];
  let current = p;
  for (const hop of hops) {
    const out = evaluateHop(ctx, hop, current);
    results.push(out.result);
    current = out.packet;
    if (out.result.verdict === 'drop') return { verdict: 'drop', results, packet: current };
  }
  return { verdict: 'allow', results, packet: current };
}
