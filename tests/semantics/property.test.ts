/**
 * Property tests: the engine against a deliberately naive reference evaluator written here from
 * the pseudo-code of section 2 of the reference semantics. The reference has its own address
 * parsing (string splitting and bigint maths), scans every rule of every group on each packet,
 * and keeps its own connection-tracking state; it shares nothing with the engine but the
 * document types.
 *
 * fast-check prints the seed and the shrunk counterexample of any failure; re-run a failure with
 * `fc.assert(..., { seed, path })`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseIp, type IpAddress } from '../../src/domain/addr';
import { ConntrackTable } from '../../src/domain/conntrack';
import type { NaclRule, NetworkAcl, NetworkDocument, SgRule, TcpFlags } from '../../src/domain/document';
import { evaluateSg } from '../../src/domain/evaluate';
import type { EniId, NaclId } from '../../src/domain/ids';
import { compileModel } from '../../src/domain/model';
import { compileNacl, evaluateNacl } from '../../src/domain/nacl';
import type { Packet } from '../../src/domain/packet';
import { makePacket } from '../../src/domain/traffic';
import { buildDocument, id, Net, type GroupSpec, type InstanceSpec } from '../support/network';

// ===================================================================== reference: addresses

type Fam = 4 | 6;
interface RAddr {
  fam: Fam;
  v: bigint;
}
interface RCidr {
  fam: Fam;
  v: bigint;
  prefix: number;
}

function parseV4(text: string): bigint {
  const parts = text.split('.').map((x) => Number(x));
  if (parts.length !== 4 || parts.some((x) => !Number.isInteger(x) || x < 0 || x > 255)) throw new Error(`ref: bad IPv4 ${text}`);
  return parts.reduce((acc, x) => acc * 256n + BigInt(x), 0n);
}

function parseV6(text: string): bigint {
  let groups: string[];
  if (text.includes('::')) {
    const [head = '', tail = ''] = text.split('::');
    const h = head === '' ? [] : head.split(':');
    const t = tail === '' ? [] : tail.split(':');
    groups = [...h, ...new Array<string>(8 - h.length - t.length).fill('0'), ...t];
  } else groups = text.split(':');
  if (groups.length !== 8) throw new Error(`ref: bad IPv6 ${text}`);
  return groups.reduce((acc, g) => acc * 65536n + BigInt(parseInt(g, 16)), 0n);
}

function rAddr(text: string): RAddr {
  return text.includes(':') ? { fam: 6, v: parseV6(text) } : { fam: 4, v: parseV4(text) };
}

function rCidr(text: string): RCidr {
  const [a = '', p = ''] = text.split('/');
  const addr = rAddr(a);
  return { fam: addr.fam, v: addr.v, prefix: Number(p) };
}

function inCidr(c: RCidr, a: RAddr): boolean {
  if (c.fam !== a.fam) return false;
  const hostBits = BigInt((c.fam === 4 ? 32 : 128) - c.prefix);
  return a.v >> hostBits === c.v >> hostBits;
}

const sameAddr = (a: RAddr, b: RAddr): boolean => a.fam === b.fam && a.v === b.v;

// Text helpers for the generators (output only).
function v4Text(v: bigint): string {
  return [24n, 16n, 8n, 0n].map((s) => String((v >> s) & 255n)).join('.');
}
function v6Text(v: bigint): string {
  const groups: string[] = [];
  for (let i = 7; i >= 0; i--) groups.push(((v >> BigInt(i * 16)) & 0xffffn).toString(16));
  return groups.join(':');
}
function maskedCidr(addrText: string, prefix: number): string {
  const a = rAddr(addrText);
  const hostBits = BigInt((a.fam === 4 ? 32 : 128) - prefix);
  const net = (a.v >> hostBits) << hostBits;
  return `${a.fam === 4 ? v4Text(net) : v6Text(net)}/${prefix}`;
}

// ===================================================================== reference: protocols and rules

const TCP = 6;
const UDP = 17;
const ICMP = 1;
const ICMPV6 = 58;

function protoOf(text: string): number {
  const t = text.toLowerCase();
  if (t === 'tcp') return TCP;
  if (t === 'udp') return UDP;
  if (t === 'icmp') return ICMP;
  if (t === 'icmpv6') return ICMPV6;
  if (t === '-1' || t === 'all') return -1;
  return Number(t);
}

/** Standard ICMP error types: never looked up in tracking state (rule 27). */
function isIcmpError(proto: number, type: number): boolean {
  if (proto === ICMP) return [3, 4, 5, 11, 12].includes(type);
  if (proto === ICMPV6) return type >= 1 && type <= 4;
  return false;
}

interface RPacket {
  src: RAddr;
  dst: RAddr;
  proto: number;
  sport: number;
  dport: number;
  type: number;
  code: number;
  icmpId: number;
  flags: TcpFlags | null;
}

/** A document read the naive way: every lookup is a scan. */
class RefDoc {
  constructor(readonly doc: NetworkDocument) {}

  groupRules(groupIds: readonly string[], dir: 'inbound' | 'outbound'): SgRule[] {
    return groupIds.flatMap((gid) => this.doc.securityGroups.find((g) => g.id === gid)?.[dir] ?? []);
  }

  /** Whether the rule's peer covers `a`: a CIDR, a prefix list's entries, or members' private addresses. */
  peerCovers(peer: string, a: RAddr): boolean {
    if (peer.startsWith('sg-')) {
      for (const inst of this.doc.instances) {
        for (const e of inst.enis) {
          if (!e.securityGroupIds.some((g) => g === peer)) continue;
          if (sameAddr(rAddr(e.privateIp), a)) return true;
          if (e.ipv6 !== undefined && sameAddr(rAddr(e.ipv6), a)) return true;
        }
      }
      return false;
    }
    if (peer.startsWith('pl-')) {
      const pl = this.doc.prefixLists.find((p) => p.id === peer);
      return (pl?.entries ?? []).some((e) => inCidr(rCidr(e.cidr), a));
    }
    return inCidr(rCidr(peer), a);
  }

  sgRuleMatches(r: SgRule, p: RPacket, remote: RAddr): boolean {
    const rp = protoOf(r.protocol);
    if (rp !== -1 && rp !== p.proto) return false;
    if (rp === TCP || rp === UDP) {
      if (p.dport < (r.fromPort ?? 0) || p.dport > (r.toPort ?? 65535)) return false;
    } else if (rp === ICMP || rp === ICMPV6) {
      const t = r.icmpType ?? -1;
      const c = r.icmpCode ?? -1;
      if (t !== -1 && t !== p.type) return false;
      if (c !== -1 && c !== p.code) return false;
    }
    return this.peerCovers(r.peer, remote);
  }
}

function isWholeFamily(peer: string, fam: Fam): boolean {
  if (peer.startsWith('sg-') || peer.startsWith('pl-')) return false;
  const c = rCidr(peer);
  return c.fam === fam && c.prefix === 0;
}

/** Rule 18: TCP/UDP, a matching rule from the whole family, an all-ports whole-family rule the other way, no auto-tracked peer. */
function refUntracked(ref: RefDoc, groups: readonly string[], dir: 'inbound' | 'outbound', p: RPacket, remote: RAddr, autoTracked: boolean): boolean {
  if (p.proto !== TCP && p.proto !== UDP) return false;
  if (autoTracked) return false;
  const fam = remote.fam;
  const here = ref.groupRules(groups, dir).some((r) => ref.sgRuleMatches(r, p, remote) && isWholeFamily(r.peer, fam));
  const other = ref.groupRules(groups, dir === 'inbound' ? 'outbound' : 'inbound').some((r) => {
    const rp = protoOf(r.protocol);
    if (!isWholeFamily(r.peer, fam)) return false;
    if (rp === -1) return true;
    return rp === p.proto && (r.fromPort ?? 0) <= 0 && (r.toPort ?? 65535) >= 65535;
  });
  return here && other;
}

/** Section 2 NACL: same family, sorted by number, first match; otherwise `*`. */
function refNacl(acl: NetworkAcl, dir: 'inbound' | 'outbound', p: RPacket): { action: 'allow' | 'deny'; ruleNumber: number } {
  const remote = dir === 'inbound' ? p.src : p.dst;
  const entries = [...acl[dir]].filter((r) => rCidr(r.cidr).fam === remote.fam).sort((a, b) => a.ruleNumber - b.ruleNumber);
  for (const r of entries) {
    const c = rCidr(r.cidr);
    if (!inCidr(c, remote)) continue;
    const rp = protoOf(r.protocol);
    if (rp !== -1 && rp !== p.proto) continue;
    if (rp === TCP || rp === UDP) {
      if (p.dport < (r.fromPort ?? 0) || p.dport > (r.toPort ?? 65535)) continue;
    } else if (rp === ICMP || (rp === ICMPV6 && c.fam === 6)) {
      // Protocol 58 with an IPv4 block: all types and codes (rule 34).
      const t = r.icmpType ?? -1;
      const code = r.icmpCode ?? -1;
      if (t !== -1 && t !== p.type) continue;
      if (code !== -1 && code !== p.code) continue;
    }
    return { action: r.action, ruleNumber: r.ruleNumber };
  }
  return { action: 'deny', ruleNumber: remote.fam === 4 ? 32767 : 32768 };
}

// ===================================================================== reference: connection tracking and routes

interface REntry {
  tracked: boolean;
  initiator: 'inbound' | 'outbound';
  lastDir: 'inbound' | 'outbound';
  lastSeen: number;
  transactions: number;
  kind: 'tcp' | 'udp' | 'icmp' | 'other';
  tcp: 'opening' | 'established' | 'closing' | 'closed';
}

interface REni {
  id: string;
  instanceId: string;
  subnetId: string;
  priv: RAddr;
  pub: RAddr | null;
  v6: RAddr | null;
  groups: string[];
  tcpEstablished: number;
  udp: number;
  udpStream: number;
  allowance: number;
}

interface RSettings {
  tcpOpening: number;
  tcpClosing: number;
  tcpClosed: number;
  icmp: number;
  other: number;
  inclusive: boolean;
  pickup: boolean;
  smtp: boolean;
}

type HopName = 'sg-egress' | 'nacl-out' | 'igw' | 'nacl-in' | 'sg-ingress';

class RefNet {
  ref: RefDoc;
  readonly enis: REni[];
  readonly s: RSettings;
  /** eni id → flow key → entry */
  readonly ct = new Map<string, Map<string, REntry>>();

  constructor(public doc: NetworkDocument) {
    this.ref = new RefDoc(doc);
    const st = doc.settings ?? {};
    this.s = {
      tcpOpening: st.tcpOpeningTimeout ?? 120,
      tcpClosing: st.tcpClosingTimeout ?? 120,
      tcpClosed: st.tcpClosedTimeout ?? 10,
      icmp: st.icmpTimeout ?? 30,
      other: st.otherProtocolTimeout ?? 600,
      inclusive: st.expiryInclusive ?? true,
      pickup: st.tcpMidstreamPickup ?? true,
      smtp: st.blockOutboundSmtp ?? true,
    };
    const defaultAllowance = st.conntrackAllowance ?? 100000;
    this.enis = doc.instances.flatMap((inst) =>
      inst.enis.map((e) => ({
        id: e.id,
        instanceId: inst.id,
        subnetId: e.subnetId,
        priv: rAddr(e.privateIp),
        pub: e.publicIp !== undefined ? rAddr(e.publicIp) : null,
        v6: e.ipv6 !== undefined ? rAddr(e.ipv6) : null,
        groups: [...e.securityGroupIds],
        tcpEstablished: e.connectionTracking?.tcpEstablishedTimeout ?? (inst.nitroV6 ? 350 : 432000),
        udp: e.connectionTracking?.udpTimeout ?? 30,
        udpStream: e.connectionTracking?.udpStreamTimeout ?? 180,
        allowance: inst.conntrackAllowance ?? defaultAllowance,
      })),
    );
  }

  /** A rule change: group memberships stay, rules and NACL entries are read from the new document. */
  setDoc(doc: NetworkDocument): void {
    this.doc = doc;
    this.ref = new RefDoc(doc);
  }

  private timeout(e: REntry, eni: REni): number {
    if (e.kind === 'tcp') {
      if (e.tcp === 'opening') return this.s.tcpOpening;
      if (e.tcp === 'established') return eni.tcpEstablished;
      if (e.tcp === 'closing') return this.s.tcpClosing;
      return this.s.tcpClosed;
    }
    if (e.kind === 'udp') return e.transactions > 1 ? eni.udpStream : eni.udp;
    if (e.kind === 'icmp') return this.s.icmp;
    return this.s.other;
  }

  private live(e: REntry, eni: REni, now: number): boolean {
    const idle = now - e.lastSeen;
    const limit = this.timeout(e, eni) * 1000;
    return this.s.inclusive ? idle <= limit : idle < limit;
  }

  private static key(p: RPacket, dir: 'inbound' | 'outbound'): string {
    const local = dir === 'inbound' ? p.dst : p.src;
    const remote = dir === 'inbound' ? p.src : p.dst;
    const l = `${local.fam}/${local.v}`;
    const r = `${remote.fam}/${remote.v}`;
    if (p.proto === TCP || p.proto === UDP) {
      const lp = dir === 'inbound' ? p.dport : p.sport;
      const rp = dir === 'inbound' ? p.sport : p.dport;
      return `${p.proto}|${l}:${lp}|${r}:${rp}`;
    }
    if (p.proto === ICMP || p.proto === ICMPV6) return `${p.proto}|${l}|${r}|${p.icmpId}`;
    return `${p.proto}|${l}|${r}`;
  }

  private static touch(e: REntry, p: RPacket, dir: 'inbound' | 'outbound', now: number): void {
    if (dir !== e.initiator && e.lastDir === e.initiator) e.transactions += 1;
    e.lastDir = dir;
    e.lastSeen = now;
    if (e.kind === 'tcp') {
      if (e.tcp === 'opening' && dir !== e.initiator) e.tcp = 'established';
      if (p.flags === 'R') e.tcp = 'closed';
      else if (p.flags === 'F') e.tcp = 'closing';
    }
  }

  private static fresh(p: RPacket, dir: 'inbound' | 'outbound', now: number, tracked: boolean): REntry {
    const kind = p.proto === TCP ? 'tcp' : p.proto === UDP ? 'udp' : p.proto === ICMP || p.proto === ICMPV6 ? 'icmp' : 'other';
    let tcp: REntry['tcp'] = p.flags === 'S' || p.flags === null ? 'opening' : 'established';
    if (p.flags === 'R') tcp = 'closed';
    else if (p.flags === 'F') tcp = 'closing';
    return { tracked, initiator: dir, lastDir: dir, lastSeen: now, transactions: 0, kind, tcp };
  }

  /** Section 2's SG(eni, dir, pkt, now), with untracked flows remembered per flow ([ASSUMPTION] of §2). */
  sg(eni: REni, dir: 'inbound' | 'outbound', p: RPacket, now: number, autoTracked: boolean): boolean {
    const remote = dir === 'inbound' ? p.src : p.dst;
    const rules = this.ref.groupRules(eni.groups, dir);
    const ruleAllows = rules.some((r) => this.ref.sgRuleMatches(r, p, remote));
    if (isIcmpError(p.proto, p.type)) return ruleAllows;
    const table = this.ct.get(eni.id) ?? new Map<string, REntry>();
    this.ct.set(eni.id, table);
    const k = RefNet.key(p, dir);
    let e = table.get(k);
    if (e && !this.live(e, eni, now)) {
      table.delete(k);
      e = undefined;
    }
    if (e?.tracked) {
      RefNet.touch(e, p, dir, now);
      return true;
    }
    if (!ruleAllows) return false;
    if (p.proto === TCP && !this.s.pickup && p.flags !== 'S' && p.flags !== null && !e) return true;
    if (e) {
      RefNet.touch(e, p, dir, now);
      return true;
    }
    if (refUntracked(this.ref, eni.groups, dir, p, remote, autoTracked)) {
      table.set(k, RefNet.fresh(p, dir, now, false));
      return true;
    }
    let count = 0;
    for (const other of this.enis.filter((x) => x.instanceId === eni.instanceId)) {
      for (const x of this.ct.get(other.id)?.values() ?? []) if (x.tracked && this.live(x, other, now)) count += 1;
    }
    if (count >= eni.allowance) return false;
    table.set(k, RefNet.fresh(p, dir, now, true));
    return true;
  }

  private naclOf(eni: REni): NetworkAcl | undefined {
    const subnet = this.doc.subnets.find((s) => s.id === eni.subnetId);
    return this.doc.networkAcls.find((a) => a.id === subnet?.networkAclId);
  }

  private eniAt(a: RAddr): { eni: REni; viaPublic: boolean } | null {
    for (const e of this.enis) {
      if (sameAddr(e.priv, a) || (e.v6 !== null && sameAddr(e.v6, a))) return { eni: e, viaPublic: false };
    }
    for (const e of this.enis) if (e.pub !== null && sameAddr(e.pub, a)) return { eni: e, viaPublic: true };
    return null;
  }

  /** The path of section 2 with the internet gateway's 1:1 NAT (rule 39) and port-25 block (rule 15). */
  send(senderEniId: string | null, p0: RPacket, now: number, autoTracked: boolean): { verdict: 'allow' | 'drop'; hop: HopName | null; packet: RPacket } {
    let p = p0;
    const sender = senderEniId === null ? null : (this.enis.find((e) => e.id === senderEniId) ?? null);
    const target = this.eniAt(p.dst);
    const drop = (hop: HopName) => ({ verdict: 'drop' as const, hop, packet: p });
    const nacl = (eni: REni, dir: 'inbound' | 'outbound'): boolean => {
      const acl = this.naclOf(eni);
      return acl !== undefined && refNacl(acl, dir, p).action === 'allow';
    };
    if (sender && !this.sg(sender, 'outbound', p, now, autoTracked)) return drop('sg-egress');
    const inside = sender !== null && target !== null && !target.viaPublic;
    if (inside) {
      if (sender.subnetId !== target.eni.subnetId) {
        if (!nacl(sender, 'outbound')) return drop('nacl-out');
        if (!nacl(target.eni, 'inbound')) return drop('nacl-in');
      }
    } else {
      if (sender) {
        if (!nacl(sender, 'outbound')) return drop('nacl-out');
        if (this.s.smtp && p.proto === TCP && p.dport === 25) return drop('igw');
        if (p.src.fam === 4) {
          if (sender.pub === null) return drop('igw');
          p = { ...p, src: sender.pub };
        }
      }
      if (target) {
        if (p.dst.fam === 4) {
          const nat = this.enis.find((e) => e.pub !== null && sameAddr(e.pub, p.dst));
          if (!nat) return drop('igw');
          p = { ...p, dst: nat.priv };
        }
        if (!nacl(target.eni, 'inbound')) return drop('nacl-in');
      }
    }
    if (target && !this.sg(target.eni, 'inbound', p, now, autoTracked)) return drop('sg-ingress');
    return { verdict: 'allow', hop: null, packet: p };
  }
}

// ===================================================================== generators

const GROUP_IDS = ['sg-0', 'sg-1', 'sg-2', 'sg-3', 'sg-4'];
const V4_POOL = ['10.0.1.10', '10.0.1.11', '10.0.2.20', '192.0.2.10', '192.0.2.20', '203.0.113.5', '203.0.113.1', '198.51.100.20', '198.51.100.200', '10.0.0.0', '255.255.255.255', '0.0.0.0'];
const V6_POOL = ['2001:db8:1:1::10', '2001:db8:1:1::11', '2001:db8:1:2::20', '2001:db8:ff::5', '2001:db8:fe::20', '::', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'];

const PORT_POOL = [0, 22, 25, 53, 80, 443, 1024, 3306, 32768, 40000, 50000, 60999, 65535];
const portArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...PORT_POOL) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 65535 }) });
const rangeArb = fc.oneof(
  portArb.map((p): [number, number] => [p, p]),
  fc.tuple(portArb, portArb).map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a])),
);
const v4AddrArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...V4_POOL) }, { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: (1n << 32n) - 1n }).map(v4Text) });
const v6AddrArb = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...V6_POOL) }, { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }).map(v6Text) });
const v4CidrArb = fc.tuple(v4AddrArb, fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0, 8, 16, 24, 32) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 32 }) })).map(([a, p]) => maskedCidr(a, p));
const v6CidrArb = fc.tuple(v6AddrArb, fc.oneof({ weight: 3, arbitrary: fc.constantFrom(0, 32, 48, 64, 128) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 128 }) })).map(([a, p]) => maskedCidr(a, p));
const peerArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('0.0.0.0/0', '::/0') },
  { weight: 4, arbitrary: v4CidrArb },
  { weight: 2, arbitrary: v6CidrArb },
  { weight: 2, arbitrary: fc.constantFrom(...GROUP_IDS) },
  { weight: 1, arbitrary: fc.constantFrom('pl-4', 'pl-6') },
);
const SG_PROTOCOLS = ['tcp', 'udp', 'icmp', 'icmpv6', '-1', '6', '17', '1', '58', '47', '253'];

const sgRuleArb: fc.Arbitrary<SgRule> = fc
  .record({
    protocol: fc.oneof({ weight: 3, arbitrary: fc.constantFrom('tcp', 'udp', '-1') }, { weight: 2, arbitrary: fc.constantFrom(...SG_PROTOCOLS) }),
    range: fc.option(rangeArb, { nil: undefined }),
    icmpType: fc.option(fc.constantFrom(-1, 0, 2, 3, 8, 11, 13, 128, 129), { nil: undefined }),
    icmpCode: fc.option(fc.constantFrom(-1, 0, 1, 3, 4), { nil: undefined }),
    peer: peerArb,
  })
  .map(({ protocol, range, icmpType, icmpCode, peer }): SgRule => {
    const p = protoOf(protocol);
    if (p === ICMP || p === ICMPV6) {
      // AWS: all types means all codes.
      const code = icmpType === undefined ? undefined : icmpType === -1 ? -1 : icmpCode;
      return { protocol, icmpType, icmpCode: code, peer };
    }
    // For -1 and other numbers the range is kept: AWS (and the engine) must ignore it.
    return range ? { protocol, fromPort: range[0], toPort: range[1], peer } : { protocol, peer };
  });

const groupsArb: fc.Arbitrary<GroupSpec[]> = fc
  .array(fc.record({ inbound: fc.array(sgRuleArb, { maxLength: 12, size: 'medium' }), outbound: fc.array(sgRuleArb, { maxLength: 12, size: 'medium' }) }), { minLength: 1, maxLength: GROUP_IDS.length, size: 'max' })
  .map((gs) => gs.map((g, i) => ({ id: GROUP_IDS[i] ?? `sg-${i}`, inbound: g.inbound, outbound: g.outbound })));

const prefixListsArb = fc.record({ v4: fc.array(v4CidrArb, { maxLength: 4 }), v6: fc.array(v6CidrArb, { maxLength: 3 }) }).map(({ v4, v6 }) => [
  { id: 'pl-4', family: 4 as const, cidrs: v4 },
  { id: 'pl-6', family: 6 as const, cidrs: v6 },
]);

const memberArb = (n: number) => fc.subarray(GROUP_IDS.slice(0, n));

const PROTOS = [TCP, UDP, ICMP, ICMPV6, 47, 253];
const protoArb = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(TCP, UDP) }, { weight: 2, arbitrary: fc.constantFrom(...PROTOS) });
const FLAGS: TcpFlags[] = ['S', 'SA', 'A', 'D', 'F', 'R'];
const icmpTypeArb = fc.constantFrom(0, 1, 2, 3, 8, 11, 13, 128, 129);
const icmpCodeArb = fc.constantFrom(0, 1, 3, 4, 8);

function toEngineAddr(a: RAddr): IpAddress {
  const r = parseIp(a.fam === 4 ? v4Text(a.v) : v6Text(a.v));
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

function toEnginePacket(p: RPacket): Packet {
  return makePacket(toEngineAddr(p.src), toEngineAddr(p.dst), {
    protocol: p.proto,
    srcPort: p.sport,
    dstPort: p.dport,
    icmpType: p.type,
    icmpCode: p.code,
    icmpId: p.icmpId,
    flags: p.flags,
  });
}

/** The reference's own packet for the same fields (ports and ICMP fields zero when they don't apply). */
function rPacket(src: RAddr, dst: RAddr, f: { proto: number; sport: number; dport: number; type: number; code: number; icmpId: number; flags: TcpFlags }): RPacket {
  const ported = f.proto === TCP || f.proto === UDP;
  const icmp = f.proto === ICMP || f.proto === ICMPV6;
  return {
    src,
    dst,
    proto: f.proto,
    sport: ported ? f.sport : 0,
    dport: ported ? f.dport : 0,
    type: icmp ? f.type : 0,
    code: icmp ? f.code : 0,
    icmpId: icmp ? f.icmpId : 0,
    flags: f.proto === TCP ? f.flags : null,
  };
}

const RUNS = { numRuns: 400 };

/** Counts what the generated cases exercised, so that a test can check it was not vacuous. */
class Seen {
  private readonly counts = new Map<string, number>();
  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }
  get(key: string): number {
    return this.counts.get(key) ?? 0;
  }
  matching(re: RegExp): number {
    let n = 0;
    for (const [k, v] of this.counts) if (re.test(k)) n += v;
    return n;
  }
}

// ===================================================================== SG verdicts

describe('property: security-group checkpoint vs the naive reference', () => {
  const sgCase = fc.record({
    groups: groupsArb,
    prefixLists: prefixListsArb,
    web: memberArb(5),
    app: memberArb(5),
    db: memberArb(5),
    packets: fc.array(
      fc.record({
        fam: fc.constantFrom<Fam>(4, 6),
        v4: v4AddrArb,
        v6: v6AddrArb,
        dir: fc.constantFrom<'inbound' | 'outbound'>('inbound', 'outbound'),
        proto: protoArb,
        sport: portArb,
        dport: portArb,
        type: icmpTypeArb,
        code: icmpCodeArb,
        flags: fc.constantFrom(...FLAGS),
        autoTracked: fc.boolean(),
      }),
      { minLength: 1, maxLength: 30, size: 'max' },
    ),
  });

  it('SG verdict and the tracked/untracked decision match the reference (fresh state per packet)', () => {
    const seen = new Seen();
    fc.assert(
      fc.property(sgCase, (c) => {
        const known = new Set(c.groups.map((g) => g.id));
        const only = (ids: string[]) => ids.filter((x) => known.has(x));
        const doc = buildDocument({ ipv6: true, groups: c.groups, prefixLists: c.prefixLists, web: { groups: only(c.web) }, app: { groups: only(c.app) }, db: { groups: only(c.db) } });
        const model = compileModel(doc);
        const eni = model.enis.get(id<EniId>('eni-web'));
        if (!eni) throw new Error('no eni');
        const ref = new RefDoc(doc);
        const local: Record<Fam, RAddr> = { 4: rAddr('10.0.1.10'), 6: rAddr('2001:db8:1:1::10') };
        for (const q of c.packets) {
          const remote = rAddr(q.fam === 4 ? q.v4 : q.v6);
          const [src, dst] = q.dir === 'inbound' ? [remote, local[q.fam]] : [local[q.fam], remote];
          const p = rPacket(src, dst, { ...q, icmpId: 1 });
          const r = evaluateSg({ model, ct: new ConntrackTable(), now: 0, peerAutoTracked: q.autoTracked }, eni, q.dir, toEnginePacket(p));
          const groups = doc.instances[0]?.enis[0]?.securityGroupIds ?? [];
          const allow = ref.groupRules(groups, q.dir).some((rule) => ref.sgRuleMatches(rule, p, remote));
          const expected = !allow
            ? 'drop'
            : isIcmpError(p.proto, p.type)
              ? 'allow/not-recorded'
              : refUntracked(ref, groups, q.dir, p, remote, q.autoTracked)
                ? 'allow/untracked'
                : 'allow/created';
          const actual = r.verdict === 'drop' ? 'drop' : `allow/${r.tracking.map((t) => t.kind).join(',')}`;
          seen.add(actual);
          expect(actual, `${q.dir} proto ${p.proto} ${q.fam === 4 ? q.v4 : q.v6} dport ${p.dport} type ${p.type}/${p.code}`).toBe(expected);
        }
      }),
      RUNS,
    );
    // The generators must reach every outcome.
    for (const k of ['drop', 'allow/created', 'allow/untracked', 'allow/not-recorded']) expect(seen.get(k), k).toBeGreaterThan(5);
  });
});

// ===================================================================== NACL first match

describe('property: NACL first match vs the naive reference', () => {
  const naclRuleArb = fc.record({
    protocol: fc.constantFrom('-1', '6', '17', '1', '58', '47'),
    action: fc.constantFrom<'allow' | 'deny'>('allow', 'deny'),
    cidr: fc.oneof({ weight: 3, arbitrary: v4CidrArb }, { weight: 2, arbitrary: v6CidrArb }, { weight: 1, arbitrary: fc.constantFrom('0.0.0.0/0', '::/0') }),
    range: fc.option(rangeArb, { nil: undefined }),
    icmp: fc.option(fc.tuple(fc.constantFrom(-1, 0, 1, 3, 8, 128), fc.constantFrom(-1, 0, 3, 4)), { nil: undefined }),
  });
  const naclArb = fc
    .tuple(
      fc.uniqueArray(fc.oneof(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 32766 })), { maxLength: 16, size: 'max' }),
      fc.array(naclRuleArb, { minLength: 16, maxLength: 16 }),
    )
    .map(([numbers, rules]): NaclRule[] =>
      numbers.map((ruleNumber, i) => {
        const r = rules[i % rules.length];
        if (!r) throw new Error('rules');
        return {
          ruleNumber,
          protocol: r.protocol,
          action: r.action,
          cidr: r.cidr,
          ...(r.range ? { fromPort: r.range[0], toPort: r.range[1] } : {}),
          ...(r.icmp ? { icmpType: r.icmp[0], icmpCode: r.icmp[0] === -1 ? -1 : r.icmp[1] } : {}),
        };
      }),
    );
  const naclCase = fc.record({
    inbound: naclArb,
    outbound: naclArb,
    packets: fc.array(
      fc.record({
        fam: fc.constantFrom<Fam>(4, 6),
        a4: v4AddrArb,
        b4: v4AddrArb,
        a6: v6AddrArb,
        b6: v6AddrArb,
        dir: fc.constantFrom<'inbound' | 'outbound'>('inbound', 'outbound'),
        proto: protoArb,
        sport: portArb,
        dport: portArb,
        type: icmpTypeArb,
        code: icmpCodeArb,
      }),
      { minLength: 1, maxLength: 30, size: 'max' },
    ),
  });

  it('the first matching rule number (or * 32767/32768) and its action match the reference', () => {
    const seen = new Seen();
    fc.assert(
      fc.property(naclCase, (c) => {
        const acl: NetworkAcl = { id: id<NaclId>('acl-x'), name: 'x', vpcId: id('vpc-1'), inbound: c.inbound, outbound: c.outbound };
        const compiled = compileNacl(acl);
        for (const q of c.packets) {
          const p = rPacket(rAddr(q.fam === 4 ? q.a4 : q.a6), rAddr(q.fam === 4 ? q.b4 : q.b6), { ...q, icmpId: 0, flags: 'S' });
          const d = evaluateNacl(compiled, q.dir, toEnginePacket(p));
          const actual = d.kind === 'star' ? `deny*${d.ruleNumber}` : `${d.rule.action}${d.rule.ruleNumber}`;
          seen.add(d.kind === 'star' ? 'star' : d.rule.action);
          const e = refNacl(acl, q.dir, p);
          const expected = e.ruleNumber >= 32767 ? `deny*${e.ruleNumber}` : `${e.action}${e.ruleNumber}`;
          expect(actual).toBe(expected);
        }
      }),
      RUNS,
    );
    for (const k of ['allow', 'deny', 'star']) expect(seen.get(k), k).toBeGreaterThan(5);
  });
});

// ===================================================================== whole routes with state

type NodeName = 'web' | 'app' | 'db' | 'client' | 'server' | 'nlb';
const NODES: Record<NodeName, { eni: string | null; v4: string; pub?: string; v6?: string }> = {
  web: { eni: 'eni-web', v4: '10.0.1.10', pub: '192.0.2.10', v6: '2001:db8:1:1::10' },
  app: { eni: 'eni-app', v4: '10.0.1.11', v6: '2001:db8:1:1::11' },
  db: { eni: 'eni-db', v4: '10.0.2.20', pub: '192.0.2.20', v6: '2001:db8:1:2::20' },
  client: { eni: null, v4: '203.0.113.5', v6: '2001:db8:ff::5' },
  server: { eni: null, v4: '198.51.100.20', v6: '2001:db8:fe::20' },
  nlb: { eni: null, v4: '198.51.100.200' },
};
const NODE_NAMES = Object.keys(NODES) as NodeName[];

/** Every address a sender could put in the destination field to reach `to`, with the sender's source. */
function addressings(from: NodeName, to: NodeName): { src: string; dst: string }[] {
  const a = NODES[from];
  const b = NODES[to];
  if (from === to || (a.eni === null && b.eni === null)) return [];
  const out: { src: string; dst: string }[] = [];
  const v4 = { src: a.v4, dst: b.v4 };
  // From outside, an instance's private IPv4 is unreachable: keep it as a rare choice.
  if (a.eni !== null || b.eni === null) out.push(v4, v4, v4);
  if (b.pub !== undefined) out.push({ src: a.v4, dst: b.pub }, { src: a.v4, dst: b.pub });
  if (a.v6 !== undefined && b.v6 !== undefined) out.push({ src: a.v6, dst: b.v6 }, { src: a.v6, dst: b.v6 });
  out.push(v4);
  return out;
}

const routeRuleArb: fc.Arbitrary<SgRule> = fc.oneof(
  { weight: 2, arbitrary: sgRuleArb },
  { weight: 2, arbitrary: fc.constantFrom<SgRule>({ protocol: '-1', peer: '0.0.0.0/0' }, { protocol: '-1', peer: '::/0' }) },
  {
    weight: 5,
    arbitrary: fc
      .record({
        protocol: fc.constantFrom('tcp', 'tcp', 'udp', '-1', 'icmp', 'icmpv6', '253'),
        port: fc.constantFrom(22, 25, 53, 80, 443),
        wide: fc.boolean(),
        peer: fc.constantFrom('0.0.0.0/0', '0.0.0.0/0', '::/0', '203.0.113.0/24', '198.51.100.0/24', '10.0.0.0/16', '192.0.2.0/24', '2001:db8:ff::/48', 'sg-0', 'sg-1', 'sg-2'),
      })
      .map(({ protocol, port, wide, peer }): SgRule => {
        const p = protoOf(protocol);
        if (p === TCP || p === UDP) return wide ? { protocol, fromPort: 0, toPort: 65535, peer } : { protocol, fromPort: port, toPort: port, peer };
        if (p === ICMP || p === ICMPV6) return wide ? { protocol, icmpType: -1, icmpCode: -1, peer } : { protocol, icmpType: p === ICMP ? 8 : 128, icmpCode: -1, peer };
        return { protocol, peer };
      }),
  },
);

const routeNaclArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant<NaclRule[] | null>(null) },
  {
    weight: 3,
    arbitrary: fc
      .array(
        fc.record({
          action: fc.constantFrom<'allow' | 'deny'>('allow', 'allow', 'deny'),
          protocol: fc.constantFrom('-1', '6', '17', '1', '58'),
          cidr: fc.constantFrom('0.0.0.0/0', '::/0', '203.0.113.0/24', '198.51.100.0/24', '10.0.0.0/16', '192.0.2.0/24', '10.0.1.0/24'),
          range: fc.constantFrom<[number, number] | undefined>(undefined, [1024, 65535], [32768, 60999], [80, 80], [22, 22], [443, 443], [53, 53]),
        }),
        { maxLength: 6 },
      )
      .map((rs): NaclRule[] | null =>
        rs.map((r, i) => ({
          ruleNumber: (i + 1) * 10,
          protocol: r.protocol,
          action: r.action,
          cidr: r.cidr,
          ...(r.range && (r.protocol === '6' || r.protocol === '17') ? { fromPort: r.range[0], toPort: r.range[1] } : {}),
        })),
      ),
  },
);

const instanceSpecArb: fc.Arbitrary<InstanceSpec> = fc.record({
  nitroV6: fc.boolean(),
  conntrackAllowance: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  connectionTracking: fc.option(
    fc.record({
      tcpEstablishedTimeout: fc.option(fc.constantFrom(60, 120, 400), { nil: undefined }),
      udpTimeout: fc.option(fc.constantFrom(30, 45, 60), { nil: undefined }),
      udpStreamTimeout: fc.option(fc.constantFrom(60, 100, 180), { nil: undefined }),
    }),
    { nil: undefined },
  ),
});

const eventArb = fc.record({
  /** Seconds since the previous event. */
  dt: fc.constantFrom(0, 0, 0.01, 1, 10, 29, 30, 31, 59, 60, 61, 119, 121, 181, 350, 351, 601, 432001),
  /** new: a fresh packet; reply: the receiver answers a recent delivered packet; again: its sender repeats it. */
  kind: fc.constantFrom('new', 'new', 'new', 'reply', 'reply', 'reply', 'reply', 'again', 'change'),
  /** For `change`: which group (0-2) or NACL (3-4) gets new rules in which direction. */
  change: fc.record({
    target: fc.integer({ min: 0, max: 4 }),
    dir: fc.constantFrom<'inbound' | 'outbound'>('inbound', 'outbound'),
    sgRules: fc.array(routeRuleArb, { maxLength: 5 }),
    naclRules: routeNaclArb,
  }),
  pick: fc.nat(),
  from: fc.constantFrom(...NODE_NAMES),
  to: fc.constantFrom(...NODE_NAMES),
  addressing: fc.nat(),
  proto: fc.constantFrom(TCP, TCP, UDP, UDP, ICMP, 253),
  sport: fc.constantFrom(40000, 40001, 50000),
  dport: fc.constantFrom(22, 25, 53, 80, 443, 40000),
  flags: fc.constantFrom(...FLAGS),
  echo: fc.constantFrom('request', 'request', 'reply', 'error', 'other'),
  icmpId: fc.constantFrom(1, 2),
});

const routeCase = fc.record({
  groups: fc.array(fc.record({ inbound: fc.array(routeRuleArb, { maxLength: 6, size: 'max' }), outbound: fc.array(routeRuleArb, { maxLength: 6, size: 'max' }) }), { minLength: 3, maxLength: 3 }),
  web: fc.tuple(memberArb(3).filter((g) => g.length > 0), instanceSpecArb),
  app: fc.tuple(memberArb(3).filter((g) => g.length > 0), instanceSpecArb),
  db: fc.tuple(memberArb(3).filter((g) => g.length > 0), instanceSpecArb),
  naclA: routeNaclArb,
  naclB: routeNaclArb,
  naclOutA: routeNaclArb,
  naclOutB: routeNaclArb,
  settings: fc.record({ expiryInclusive: fc.boolean(), tcpMidstreamPickup: fc.boolean() }),
  events: fc.array(eventArb, { minLength: 1, maxLength: 40, size: 'max' }),
});

describe('property: whole routes with connection tracking vs the naive reference', () => {
  it('verdict, dropping hop and delivered addresses match over random packet sequences in time', () => {
    const seen = new Seen();
    fc.assert(
      fc.property(routeCase, (c) => {
        const allowAll = (v6: boolean): NaclRule[] => [
          { ruleNumber: 100, protocol: '-1', action: 'allow', cidr: '0.0.0.0/0' },
          ...(v6 ? [{ ruleNumber: 101, protocol: '-1', action: 'allow' as const, cidr: '::/0' }] : []),
        ];
        const doc = buildDocument({
          ipv6: true,
          settings: c.settings,
          groups: c.groups.map((g, i) => ({ id: `sg-${i}`, inbound: g.inbound, outbound: g.outbound })),
          web: { ...c.web[1], groups: c.web[0] },
          app: { ...c.app[1], groups: c.app[0] },
          db: { ...c.db[1], groups: c.db[0] },
          naclA: { inbound: c.naclA ?? allowAll(true), outbound: c.naclOutA ?? allowAll(true) },
          naclB: { inbound: c.naclB ?? allowAll(true), outbound: c.naclOutB ?? allowAll(true) },
          hosts: [{ id: 'nlb', ipv4: '198.51.100.200', automaticallyTracked: true }],
        });
        const engine = new Net(doc);
        const ref = new RefNet(structuredClone(doc));
        /** Delivered packets: as sent (`original`) and as the receiver saw them (`packet`, after NAT). */
        const delivered: { from: NodeName; to: NodeName; original: RPacket; packet: RPacket }[] = [];
        let now = 0;
        c.events.forEach((ev, step) => {
          now += ev.dt;
          if (ev.kind === 'change') {
            // Rules 16, 21, 22, 37: the model is rebuilt, both tracking tables live on.
            const { target, dir, sgRules, naclRules } = ev.change;
            const edit = (d: NetworkDocument): void => {
              if (target < 3) {
                const g = d.securityGroups[target];
                if (g) g[dir] = structuredClone(sgRules);
              } else {
                const acl = d.networkAcls[target - 3];
                if (acl) acl[dir] = structuredClone(naclRules ?? allowAll(true));
              }
            };
            engine.change(edit);
            const next = structuredClone(ref.doc);
            edit(next);
            ref.setDoc(next);
            seen.add('change');
            return;
          }
          let from: NodeName;
          let to: NodeName;
          let p: RPacket;
          // Mostly one of the last three delivered packets, so that exchanges go back and forth.
          const previous = delivered.length > 0 ? delivered[delivered.length - 1 - (ev.pick % Math.min(3, delivered.length))] : undefined;
          if (ev.kind === 'again' && previous) {
            ({ from, to } = previous);
            p = { ...previous.original, flags: previous.original.proto === TCP ? ev.flags : null };
          } else if (ev.kind === 'reply' && previous) {
            // The receiver answers what it saw (addresses after NAT), ports swapped.
            const q = previous.packet;
            from = previous.to;
            to = previous.from;
            const isEcho = q.proto === ICMP ? q.type === 8 : q.proto === ICMPV6 ? q.type === 128 : false;
            p = {
              ...q,
              src: q.dst,
              dst: q.src,
              sport: q.dport,
              dport: q.sport,
              type: isEcho ? (q.proto === ICMP ? 0 : 129) : q.type,
              flags: q.proto === TCP ? (q.flags === 'S' ? 'SA' : ev.flags) : null,
            };
          } else {
            const options = addressings(ev.from, ev.to);
            const choice = options[ev.addressing % Math.max(1, options.length)];
            if (!choice) return;
            from = ev.from;
            to = ev.to;
            const src = rAddr(choice.src);
            const dst = rAddr(choice.dst);
            const proto = ev.proto === ICMP && src.fam === 6 ? ICMPV6 : ev.proto;
            const v6 = proto === ICMPV6;
            const type = ev.echo === 'request' ? (v6 ? 128 : 8) : ev.echo === 'reply' ? (v6 ? 129 : 0) : ev.echo === 'error' ? (v6 ? 2 : 3) : 13;
            p = rPacket(src, dst, { proto, sport: ev.sport, dport: ev.dport, type, code: ev.echo === 'error' ? 4 : 0, icmpId: ev.icmpId, flags: ev.flags });
          }
          const autoTracked = from === 'nlb' || to === 'nlb';
          const expected = ref.send(NODES[from].eni, p, Math.round(now * 1000), autoTracked);
          const got = engine.sendPacket(from, toEnginePacket(p), now);
          const label = `step ${step} t=${now} ${from}->${to} proto ${p.proto} ${p.sport}->${p.dport} ${p.flags ?? ''} type ${p.type}`;
          const last = got.results[got.results.length - 1];
          seen.add(got.verdict === 'allow' ? `allow ${got.results.map((h) => h.decidedBy.kind).join(',')}` : `drop ${last?.decidedBy.kind ?? ''}`);
          if (got.results.some((h) => h.tracking.some((t) => t.kind === 'expired'))) seen.add('expired');
          expect(got.verdict === 'allow' ? 'allow' : `drop@${got.droppedAt ?? '?'}`, label).toBe(expected.verdict === 'allow' ? 'allow' : `drop@${expected.hop ?? '?'}`);
          if (expected.verdict === 'allow') {
            expect([rAddr(got.packet.src.text), rAddr(got.packet.dst.text)], label).toEqual([expected.packet.src, expected.packet.dst]);
            delivered.push({ from, to, original: p, packet: expected.packet });
          }
        });
      }),
      { numRuns: 1000 },
    );
    expect(seen.get('change'), 'rule changes').toBeGreaterThan(5);
    expect(seen.get('expired'), 'expired entries').toBeGreaterThan(5);
    expect(seen.matching(/^allow .*conntrack/), 'packets admitted by tracking').toBeGreaterThan(5);
    expect(seen.matching(/^allow .*igw,igw/), 'hairpins through the internet gateway').toBeGreaterThan(0);
    for (const k of ['drop sg-no-match', 'drop allowance-exceeded', 'drop nacl-star', 'drop nacl-rule', 'drop igw']) expect(seen.get(k), k).toBeGreaterThan(0);
  });
});
