/**
 * The rule types of the AWS console's "Type" column (SSH, HTTPS, Custom TCP, All traffic…) and
 * the field parsers the rule editors share. A preset fixes what the console fixes when you pick
 * it, and leaves editable what the console leaves editable, so the editors and the drafts agree
 * on which fields a person can touch. Security groups and NACLs share the list; only the way
 * the protocol is written differs (names in groups, numbers in NACLs, as AWS writes them).
 */
import { ALL, ICMP, ICMPV6, TCP, UDP, protocolNumber } from './protocol';

export type PresetId =
  | 'custom-tcp'
  | 'custom-udp'
  | 'custom-icmp'
  | 'custom-protocol'
  | 'all-tcp'
  | 'all-udp'
  | 'all-icmp'
  | 'all-icmpv6'
  | 'all-traffic'
  | 'ssh'
  | 'smtp'
  | 'dns-udp'
  | 'dns-tcp'
  | 'http'
  | 'https'
  | 'mysql'
  | 'rdp'
  | 'postgresql';

export interface Preset {
  id: PresetId;
  label: string;
  /** The protocol number, or null when the person types it (Custom protocol). */
  protocol: number | null;
  /** Fixed ports, or null when the person types them (or the protocol takes none). */
  ports: { from: number; to: number } | null;
  /** Fixed ICMP type and code, or null when the person types them (or the protocol takes none). */
  icmp: { type: number; code: number } | null;
}

const p = (id: PresetId, label: string, protocol: number | null, ports: Preset['ports'] = null, icmp: Preset['icmp'] = null): Preset => ({
  id,
  label,
  protocol,
  ports,
  icmp,
});
const one = (port: number) => ({ from: port, to: port });

/** In the console's order: the custom types first, then the named services by port. */
export const PRESETS: readonly Preset[] = [
  p('custom-tcp', 'Custom TCP', TCP),
  p('custom-udp', 'Custom UDP', UDP),
  p('custom-icmp', 'Custom ICMP - IPv4', ICMP),
  p('custom-protocol', 'Custom protocol', null),
  p('all-tcp', 'All TCP', TCP, { from: 0, to: 65535 }),
  p('all-udp', 'All UDP', UDP, { from: 0, to: 65535 }),
  p('all-icmp', 'All ICMP - IPv4', ICMP, null, { type: -1, code: -1 }),
  p('all-icmpv6', 'All ICMP - IPv6', ICMPV6, null, { type: -1, code: -1 }),
  p('all-traffic', 'All traffic', ALL),
  p('ssh', 'SSH', TCP, one(22)),
  p('smtp', 'SMTP', TCP, one(25)),
  p('dns-udp', 'DNS (UDP)', UDP, one(53)),
  p('dns-tcp', 'DNS (TCP)', TCP, one(53)),
  p('http', 'HTTP', TCP, one(80)),
  p('https', 'HTTPS', TCP, one(443)),
  p('mysql', 'MySQL/Aurora', TCP, one(3306)),
  p('rdp', 'RDP', TCP, one(3389)),
  p('postgresql', 'PostgreSQL', TCP, one(5432)),
];

const BY_ID = new Map<PresetId, Preset>(PRESETS.map((x) => [x.id, x]));

export function preset(id: PresetId): Preset {
  const found = BY_ID.get(id);
  if (!found) throw new Error(`unknown rule type ${id}`);
  return found;
}

export function isPresetId(text: string): text is PresetId {
  return BY_ID.has(text as PresetId);
}

/** What the port column holds for a protocol: a range, an ICMP type and code, or nothing (all). */
export type PortKind = 'ports' | 'icmp' | 'none';

export function portKind(protocol: number | null): PortKind {
  if (protocol === TCP || protocol === UDP) return 'ports';
  if (protocol === ICMP || protocol === ICMPV6) return 'icmp';
  return 'none';
}

/**
 * The preset a rule's fields match: a named service first (so TCP 22 reads "SSH"), then the
 * "All …" types, then the custom type of its protocol.
 */
export function matchPreset(protocol: number, ports: { from: number; to: number } | null, icmp: { type: number; code: number } | null): PresetId {
  for (const x of PRESETS) {
    if (x.protocol !== protocol || x.id.startsWith('custom-')) continue;
    const kind = portKind(protocol);
    if (kind === 'ports' && x.ports && ports && x.ports.from === ports.from && x.ports.to === ports.to) return x.id;
    if (kind === 'icmp' && x.icmp && icmp && x.icmp.type === icmp.type && x.icmp.code === icmp.code) return x.id;
    if (kind === 'none') return x.id;
  }
  if (protocol === TCP) return 'custom-tcp';
  if (protocol === UDP) return 'custom-udp';
  if (protocol === ICMP) return 'custom-icmp';
  return 'custom-protocol';
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export function parseProtocolText(text: string): Parsed<number> {
  const t = text.trim();
  if (t === '') return { ok: false, message: 'Enter a protocol: tcp, udp, icmp, icmpv6 or a number from 0 to 255' };
  const n = protocolNumber(t);
  return n === null ? { ok: false, message: `"${t}" is not a protocol: use tcp, udp, icmp, icmpv6 or a number from 0 to 255` } : { ok: true, value: n };
}

function portNumber(text: string): Parsed<number> {
  if (!/^\d+$/.test(text)) return { ok: false, message: `"${text}" is not a port: ports are whole numbers from 0 to 65535` };
  const n = Number(text);
  return n > 65535 ? { ok: false, message: `Port ${n} is too high: ports go from 0 to 65535` } : { ok: true, value: n };
}

/** "22", "8000-8100" (spaces allowed around the dash). */
export function parsePortRange(text: string): Parsed<{ from: number; to: number }> {
  const t = text.trim();
  if (t === '') return { ok: false, message: 'Enter a port (e.g. 8080) or a range (e.g. 8000-8100)' };
  const parts = t.split('-').map((s) => s.trim());
  if (parts.length > 2 || parts.some((s) => s === '')) return { ok: false, message: `"${t}" is not a port or a range: write 8080 or 8000-8100` };
  const from = portNumber(parts[0] ?? '');
  if (!from.ok) return from;
  const to = parts.length === 2 ? portNumber(parts[1] ?? '') : from;
  if (!to.ok) return to;
  if (from.value > to.value) return { ok: false, message: `The port range is reversed: ${from.value} is above ${to.value}` };
  return { ok: true, value: { from: from.value, to: to.value } };
}

export function formatPortRange(from: number, to: number): string {
  return from === to ? String(from) : `${from}-${to}`;
}

/** An ICMP type or code: -1 means all, an empty field means all too. */
function icmpNumber(text: string, what: 'type' | 'code'): Parsed<number> {
  const t = text.trim();
  if (t === '' || t === '-1') return { ok: true, value: -1 };
  const n = /^\d{1,3}$/.test(t) ? Number(t) : NaN;
  return n >= 0 && n <= 255 ? { ok: true, value: n } : { ok: false, message: `ICMP ${what} must be -1 (all) or 0 to 255` };
}

export function parseIcmp(typeText: string, codeText: string): Parsed<{ type: number; code: number }> {
  const type = icmpNumber(typeText, 'type');
  if (!type.ok) return type;
  const code = icmpNumber(codeText, 'code');
  if (!code.ok) return code;
  // AWS: "If you specify all ICMP/ICMPv6 types, you must specify all ICMP/ICMPv6 codes."
  if (type.value === -1 && code.value !== -1) return { ok: false, message: `ICMP code ${code.value} needs a specific type: with type -1 (all types) the code must be -1 too` };
  return { ok: true, value: { type: type.value, code: code.value } };
}

/** Type -1 reads as empty in the editor, so a blank field means "all" both ways. */
export function formatIcmpField(n: number | undefined): string {
  return n === undefined || n === -1 ? '' : String(n);
}
