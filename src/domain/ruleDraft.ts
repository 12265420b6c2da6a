/**
 * A rule as the editors hold it while a person types: every field a string, the type a console
 * preset. `draftToSgRule` / `draftToNaclRule` turn a draft into a rule or into plain sentences
 * tied to the field at fault, so an editor can show each next to its input and commit only a
 * rule the document will take. The reverse functions pick the preset a stored rule matches.
 * CIDRs go through `addr.ts` and protocols through `protocol.ts`, so the editors and the file
 * loader refuse the same texts with the same words.
 */
import { parseCidr } from './addr';
import { PEER_FIELD, type NaclAction, type NaclRule, type PrefixList, type SecurityGroup, type SgRule } from './document';
import { ALL, ICMP, ICMPV6, TCP, UDP, protocolNumber } from './protocol';
import {
  formatIcmpField,
  formatPortRange,
  matchPreset,
  parseIcmp,
  parsePortRange,
  parseProtocolText,
  portKind,
  preset,
  type Parsed,
  type PortKind,
  type PresetId,
} from './rulePresets';

export { PRESETS, preset, isPresetId, type Preset, type PresetId } from './rulePresets';

type Direction = 'inbound' | 'outbound';

/** The port-and-protocol part both kinds of rule share. */
export interface TrafficDraft {
  type: PresetId;
  /** Read only for "Custom protocol"; other types fix the protocol. */
  protocol: string;
  ports: string;
  icmpType: string;
  icmpCode: string;
}

export interface SgRuleDraft extends TrafficDraft {
  peer: string;
  description: string;
}

export interface NaclRuleDraft extends TrafficDraft {
  ruleNumber: string;
  action: NaclAction;
  cidr: string;
}

export type SgDraftField = 'type' | 'protocol' | 'ports' | 'icmp' | 'peer' | 'description';
export type NaclDraftField = 'ruleNumber' | 'type' | 'protocol' | 'ports' | 'icmp' | 'cidr' | 'action';
export interface DraftError<F extends string> {
  field: F;
  message: string;
}
export type SgDraftResult = { ok: true; rule: SgRule } | { ok: false; errors: DraftError<SgDraftField>[] };
export type NaclDraftResult = { ok: true; rule: NaclRule } | { ok: false; errors: DraftError<NaclDraftField>[] };

/** What the editor knows around the rule: lets references be checked and named. */
export interface SgDraftContext {
  direction: Direction;
  vpcId: string;
  groups: readonly Pick<SecurityGroup, 'id' | 'name' | 'vpcId'>[];
  prefixLists: readonly Pick<PrefixList, 'id' | 'name'>[];
}

export interface NaclDraftContext {
  direction: Direction;
  /** Rule numbers of the direction's other rules (the edited rule's own number left out). */
  taken: readonly number[];
}

/** Which inputs of the port and protocol part a person can edit, given the type and protocol. */
export interface DraftFields {
  protocol: number | null;
  protocolEditable: boolean;
  kind: PortKind;
  portsEditable: boolean;
  icmpEditable: boolean;
}

export function draftFields(d: TrafficDraft): DraftFields {
  const pre = preset(d.type);
  const protocol = pre.protocol ?? protocolNumber(d.protocol);
  const kind = portKind(protocol);
  return { protocol, protocolEditable: pre.protocol === null, kind, portsEditable: kind === 'ports' && !pre.ports, icmpEditable: kind === 'icmp' && !pre.icmp };
}

/**
 * The draft with another type, showing what the preset fixes. Ports survive a move to a custom
 * type, as in the console (HTTP → Custom TCP keeps 80, Custom TCP 8080 → Custom UDP keeps 8080).
 */
export function applyPreset<D extends TrafficDraft>(d: D, type: PresetId): D {
  const pre = preset(type);
  const protocol = pre.protocol === null ? d.protocol : sgProtocolText(pre.protocol);
  return {
    ...d,
    type,
    protocol,
    ports: pre.ports ? formatPortRange(pre.ports.from, pre.ports.to) : d.ports,
    icmpType: pre.icmp ? formatIcmpField(pre.icmp.type) : d.icmpType,
    icmpCode: pre.icmp ? formatIcmpField(pre.icmp.code) : d.icmpCode,
  };
}

type TrafficFields = Pick<SgRule, 'fromPort' | 'toPort' | 'icmpType' | 'icmpCode'>;

/** The protocol and its fields, or the errors; shared by both kinds of rule. */
function draftTraffic(d: TrafficDraft, report: (e: DraftError<'protocol' | 'ports' | 'icmp'>) => void): { protocol: number; fields: TrafficFields } | null {
  const pre = preset(d.type);
  const protocol: Parsed<number> = pre.protocol === null ? parseProtocolText(d.protocol) : { ok: true, value: pre.protocol };
  if (!protocol.ok) {
    report({ field: 'protocol', message: protocol.message });
    return null;
  }
  const kind = portKind(protocol.value);
  if (kind === 'ports') {
    const ports = pre.ports ? ({ ok: true, value: pre.ports } as const) : parsePortRange(d.ports);
    if (!ports.ok) report({ field: 'ports', message: ports.message });
    else return { protocol: protocol.value, fields: { fromPort: ports.value.from, toPort: ports.value.to } };
  } else if (kind === 'icmp') {
    const icmp = pre.icmp ? ({ ok: true, value: pre.icmp } as const) : parseIcmp(d.icmpType, d.icmpCode);
    if (!icmp.ok) report({ field: 'icmp', message: icmp.message });
    else return { protocol: protocol.value, fields: { icmpType: icmp.value.type, icmpCode: icmp.value.code } };
  } else return { protocol: protocol.value, fields: {} };
  return null;
}

function trafficDraft(protocolText: string, r: TrafficFields): TrafficDraft {
  const n = protocolNumber(protocolText);
  if (n === null) return { type: 'custom-protocol', protocol: protocolText, ports: '', icmpType: '', icmpCode: '' };
  const kind = portKind(n);
  const ports = kind === 'ports' ? { from: r.fromPort ?? 0, to: r.toPort ?? 65535 } : null;
  const icmp = kind === 'icmp' ? { type: r.icmpType ?? -1, code: r.icmpCode ?? -1 } : null;
  const type = matchPreset(n, ports, icmp);
  return {
    type,
    protocol: type === 'custom-protocol' ? protocolText : sgProtocolText(n),
    ports: ports ? formatPortRange(ports.from, ports.to) : '',
    icmpType: icmp ? formatIcmpField(icmp.type) : '',
    icmpCode: icmp ? formatIcmpField(icmp.code) : '',
  };
}

/** How a security group rule writes a protocol: AWS's names where it has one. */
export function sgProtocolText(n: number): string {
  const names: Record<number, string> = { [TCP]: 'tcp', [UDP]: 'udp', [ICMP]: 'icmp', [ICMPV6]: 'icmpv6', [ALL]: '-1' };
  return names[n] ?? String(n);
}

const PEER_FORMS = 'a CIDR (e.g. 203.0.113.5/32), a security group (sg-…) or a prefix list (pl-…)';

function parsePeer(text: string, ctx: SgDraftContext | undefined): Parsed<string> {
  const t = text.trim();
  const side = ctx ? PEER_FIELD[ctx.direction] : 'source or destination';
  if (t === '') return { ok: false, message: `Enter a ${side}: ${PEER_FORMS}` };
  if (t.startsWith('sg-')) {
    const g = ctx?.groups.find((x) => x.id === t);
    if (ctx && !g) return { ok: false, message: `No security group has id "${t}"` };
    if (ctx && g && g.vpcId !== ctx.vpcId) return { ok: false, message: `Security group ${g.name} (${g.id}) is in another VPC: a rule can only name groups of its own VPC` };
    return { ok: true, value: t };
  }
  if (t.startsWith('pl-')) {
    if (ctx && !ctx.prefixLists.some((x) => x.id === t)) return { ok: false, message: `No prefix list has id "${t}"` };
    return { ok: true, value: t };
  }
  // A name typed instead of an id: the picker shows names, so people type them.
  const lower = t.toLowerCase();
  const named = ctx?.groups.find((x) => x.vpcId === ctx.vpcId && x.name.toLowerCase() === lower) ?? ctx?.prefixLists.find((x) => x.name.toLowerCase() === lower);
  if (named) return { ok: true, value: named.id };
  if (!/^[\d./]+$/.test(t) && !t.includes(':')) return { ok: false, message: `"${t}" is not ${PEER_FORMS}` };
  const cidr = parseCidr(t);
  return cidr.ok ? { ok: true, value: t } : { ok: false, message: cidr.error };
}

/** AWS: "Up to 255 characters… a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*". */
const DESCRIPTION_CHARS = /^[a-zA-Z0-9 ._\-:/()#,@[\]+=&;{}!$*]*$/;
export const MAX_RULE_DESCRIPTION = 255;

function descriptionProblem(text: string): string | null {
  if (text.length > MAX_RULE_DESCRIPTION) return `A description can be at most ${MAX_RULE_DESCRIPTION} characters (this one has ${text.length})`;
  const bad = [...text].find((c) => !DESCRIPTION_CHARS.test(c));
  return bad === undefined ? null : `A description can't contain "${bad}": AWS takes letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*`;
}

export function draftToSgRule(d: SgRuleDraft, ctx?: SgDraftContext): SgDraftResult {
  const errors: DraftError<SgDraftField>[] = [];
  const traffic = draftTraffic(d, (e) => errors.push(e));
  const peer = parsePeer(d.peer, ctx);
  if (!peer.ok) errors.push({ field: 'peer', message: peer.message });
  const description = d.description.trim();
  const descProblem = descriptionProblem(description);
  if (descProblem) errors.push({ field: 'description', message: descProblem });
  if (!traffic || !peer.ok || errors.length > 0) return { ok: false, errors };
  const rule: SgRule = { protocol: sgProtocolText(traffic.protocol), ...traffic.fields, peer: peer.value };
  if (description !== '') rule.description = description;
  return { ok: true, rule };
}

export function sgRuleToDraft(rule: SgRule): SgRuleDraft {
  return { ...trafficDraft(rule.protocol, rule), peer: rule.peer, description: rule.description ?? '' };
}

/** An empty row, as the console's "Add rule" makes one. */
export function blankSgDraft(): SgRuleDraft {
  return { type: 'custom-tcp', protocol: 'tcp', ports: '', icmpType: '', icmpCode: '', peer: '', description: '' };
}

const ANYWHERE = new Set(['0.0.0.0/0', '::/0']);

/**
 * Sentences for rules that expose an instance to the whole internet where people most often get
 * hurt: remote logins (SSH, RDP) and "All traffic". Outbound rules open nothing to strangers.
 */
export function ruleWarnings(rule: SgRule, direction: Direction): string[] {
  const peer = rule.peer.trim();
  if (direction !== 'inbound' || !ANYWHERE.has(peer)) return [];
  const n = protocolNumber(rule.protocol);
  if (n === ALL) return [`All traffic is open to ${peer}: every port of every protocol can be reached from anywhere on the internet.`];
  if (n !== TCP) return [];
  const from = rule.fromPort ?? 0;
  const to = rule.toPort ?? 65535;
  const out: string[] = [];
  const fix = 'Allow only the addresses that need it, e.g. your own as 203.0.113.5/32.';
  if (from <= 22 && 22 <= to) out.push(`SSH (port 22) is open to ${peer}: anyone on the internet can try to log in. ${fix}`);
  if (from <= 3389 && 3389 <= to) out.push(`RDP (port 3389) is open to ${peer}: anyone on the internet can try to log in. ${fix}`);
  return out;
}

// ---- Network ACL rules ----

export const MAX_NACL_RULE_NUMBER = 32766;

function parseRuleNumber(text: string, ctx: NaclDraftContext | undefined): Parsed<number> {
  const t = text.trim();
  if (t === '') return { ok: false, message: `Enter a rule number from 1 to ${MAX_NACL_RULE_NUMBER}` };
  const n = /^\d+$/.test(t) ? Number(t) : NaN;
  if (!(n >= 1 && n <= MAX_NACL_RULE_NUMBER)) return { ok: false, message: `Rule number must be a whole number from 1 to ${MAX_NACL_RULE_NUMBER}` };
  // The document refuses one number twice in a direction, whatever the family (validateRules.ts).
  if (ctx?.taken.includes(n)) return { ok: false, message: `There is already an ${ctx.direction} rule ${n}; each number is used once per direction` };
  return { ok: true, value: n };
}

export function draftToNaclRule(d: NaclRuleDraft, ctx?: NaclDraftContext): NaclDraftResult {
  const errors: DraftError<NaclDraftField>[] = [];
  const number = parseRuleNumber(d.ruleNumber, ctx);
  if (!number.ok) errors.push({ field: 'ruleNumber', message: number.message });
  const traffic = draftTraffic(d, (e) => errors.push(e));
  const t = d.cidr.trim();
  const cidr = t === '' ? { ok: false as const, error: `Enter a CIDR, e.g. 0.0.0.0/0 or 203.0.113.0/24` } : parseCidr(t);
  if (!cidr.ok) {
    const refs = t.startsWith('sg-') || t.startsWith('pl-');
    errors.push({ field: 'cidr', message: refs ? `A network ACL rule takes a CIDR, not a security group or prefix list: "${t}"` : cidr.error });
  }
  if (d.action !== 'allow' && d.action !== 'deny') errors.push({ field: 'action', message: 'Choose Allow or Deny' });
  if (!number.ok || !traffic || errors.length > 0) return { ok: false, errors };
  // NACL entries carry protocol numbers, as `describe-network-acls` shows them.
  return { ok: true, rule: { ruleNumber: number.value, protocol: String(traffic.protocol), action: d.action, cidr: t, ...traffic.fields } };
}

export function naclRuleToDraft(rule: NaclRule): NaclRuleDraft {
  return { ...trafficDraft(rule.protocol, rule), ruleNumber: String(rule.ruleNumber), action: rule.action, cidr: rule.cidr };
}

/** A new row: the next free multiple of 10 past the highest number, as people number NACLs. */
export function blankNaclDraft(taken: readonly number[]): NaclRuleDraft {
  const next = Math.min(MAX_NACL_RULE_NUMBER, Math.floor(Math.max(0, ...taken) / 10) * 10 + 10);
  return { type: 'custom-tcp', protocol: 'tcp', ports: '', icmpType: '', icmpCode: '', ruleNumber: taken.includes(next) ? '' : String(next), action: 'allow', cidr: '' };
}
