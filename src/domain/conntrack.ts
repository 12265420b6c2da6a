/**
 * Connection tracking, kept per ENI (rule 4). An entry is seen from its ENI: `local` is the ENI's
 * address, `remote` the peer's, so a packet and its reply find the same entry. Untracked flows
 * get an entry too, marked untracked, so that people can see them; such an entry never admits a
 * packet by itself.
 */
import type { IpAddress } from './addr';
import type { EniId } from './ids';
import type { Direction, Packet } from './packet';
import { ICMP, ICMPV6, TCP, UDP } from './protocol';
import type { Settings } from './settings';

export type CtState =
  | 'tcp-opening'
  | 'tcp-established'
  | 'tcp-closing'
  | 'tcp-closed'
  | 'udp'
  | 'udp-stream'
  | 'icmp'
  | 'other';

export interface CtEntry {
  key: string;
  eniId: EniId;
  protocol: number;
  local: IpAddress;
  localPort: number;
  remote: IpAddress;
  remotePort: number;
  icmpId: number;
  /** The direction of the packet that created the entry, seen from the ENI. */
  initiator: Direction;
  tracked: boolean;
  /** Why an untracked entry is untracked. */
  untrackedReason: string | null;
  state: CtState;
  createdAt: number;
  lastSeen: number;
  lastDirection: Direction;
  /** Request-response transactions seen: more than one makes a UDP flow a stream. */
  transactions: number;
  packets: number;
}

/** The idle timeouts in force on one ENI, in seconds. */
export interface EniTimeouts {
  tcpEstablished: number;
  udp: number;
  udpStream: number;
}

export function flowKey(p: Packet, direction: Direction): string {
  const local = direction === 'inbound' ? p.dst : p.src;
  const remote = direction === 'inbound' ? p.src : p.dst;
  const l = local.family === 4 ? local.v4 : local.v6;
  const r = remote.family === 4 ? remote.v4 : remote.v6;
  if (p.protocol === TCP || p.protocol === UDP) {
    const lp = direction === 'inbound' ? p.dstPort : p.srcPort;
    const rp = direction === 'inbound' ? p.srcPort : p.dstPort;
    return `${p.protocol}|${l}|${lp}|${r}|${rp}`;
  }
  if (p.protocol === ICMP || p.protocol === ICMPV6) return `${p.protocol}|${l}|${r}|${p.icmpId}`;
  // Other protocols are tracked by address pair only (rule 20).
  return `${p.protocol}|${l}|${r}`;
}

/** A new entry for the flow of `p`; `key` is its `flowKey`, when the caller has it already. */
export function newEntry(eniId: EniId, p: Packet, direction: Direction, now: number, tracked: boolean, untrackedReason: string | null, key = flowKey(p, direction)): CtEntry {
  const inbound = direction === 'inbound';
  const ported = p.protocol === TCP || p.protocol === UDP;
  const icmp = p.protocol === ICMP || p.protocol === ICMPV6;
  let state: CtState = 'other';
  if (p.protocol === TCP) state = p.flags === null || p.flags === 'S' ? 'tcp-opening' : 'tcp-established';
  else if (p.protocol === UDP) state = 'udp';
  else if (icmp) state = 'icmp';
  const entry: CtEntry = {
    key,
    eniId,
    protocol: p.protocol,
    local: inbound ? p.dst : p.src,
    localPort: ported ? (inbound ? p.dstPort : p.srcPort) : 0,
    remote: inbound ? p.src : p.dst,
    remotePort: ported ? (inbound ? p.srcPort : p.dstPort) : 0,
    icmpId: icmp ? p.icmpId : 0,
    initiator: direction,
    tracked,
    untrackedReason,
    state,
    createdAt: now,
    lastSeen: now,
    lastDirection: direction,
    transactions: 0,
    packets: 1,
  };
  return applyTcpFlags(entry, p);
}

function applyTcpFlags(e: CtEntry, p: Packet): CtEntry {
  if (p.protocol !== TCP) return e;
  if (p.flags === 'R') e.state = 'tcp-closed';
  else if (p.flags === 'F') e.state = 'tcp-closing';
  return e;
}

/** Records a packet of the flow: the idle timer restarts whichever way the packet goes. */
export function touchEntry(e: CtEntry, p: Packet, direction: Direction, now: number): void {
  if (direction !== e.initiator && e.lastDirection === e.initiator) e.transactions += 1;
  e.lastDirection = direction;
  e.lastSeen = now;
  e.packets += 1;
  // A TCP flow counts as established once it has carried packets both ways ([UNSPECIFIED]).
  if (e.state === 'tcp-opening' && direction !== e.initiator) e.state = 'tcp-established';
  if (e.state === 'udp' && e.transactions > 1) e.state = 'udp-stream';
  applyTcpFlags(e, p);
}

/** Idle timeout of an entry, in seconds. */
export function entryTimeout(e: CtEntry, eni: EniTimeouts, s: Settings): number {
  switch (e.state) {
    case 'tcp-opening':
      return s.tcpOpeningTimeout;
    case 'tcp-established':
      return eni.tcpEstablished;
    case 'tcp-closing':
      return s.tcpClosingTimeout;
    case 'tcp-closed':
      return s.tcpClosedTimeout;
    case 'udp':
      return eni.udp;
    case 'udp-stream':
      return eni.udpStream;
    case 'icmp':
      return s.icmpTimeout;
    case 'other':
      return s.otherProtocolTimeout;
  }
}

/** Simulated milliseconds at which the entry stops admitting packets. */
export function expiresAt(e: CtEntry, eni: EniTimeouts, s: Settings): number {
  return e.lastSeen + entryTimeout(e, eni, s) * 1000;
}

export function isExpired(e: CtEntry, now: number, eni: EniTimeouts, s: Settings): boolean {
  const end = expiresAt(e, eni, s);
  return s.expiryInclusive ? now > end : now >= end;
}

/** All entries of all ENIs. Mutable on purpose: it sits in the hot path of every verdict. */
export class ConntrackTable {
  private readonly byEni = new Map<EniId, Map<string, CtEntry>>();
  private readonly tracked = new Map<EniId, number>();

  get(eni: EniId, key: string): CtEntry | undefined {
    return this.byEni.get(eni)?.get(key);
  }

  /** Adds or replaces an entry; to change `tracked` on a stored entry, put a copy. */
  put(e: CtEntry): void {
    let table = this.byEni.get(e.eniId);
    if (!table) {
      table = new Map();
      this.byEni.set(e.eniId, table);
    }
    const old = table.get(e.key);
    if (old) this.count(old, -1);
    table.set(e.key, e);
    this.count(e, 1);
  }

  delete(e: CtEntry): void {
    const table = this.byEni.get(e.eniId);
    const old = table?.get(e.key);
    if (!table || !old) return;
    table.delete(e.key);
    this.count(old, -1);
    if (table.size === 0) this.byEni.delete(e.eniId);
  }

  entries(eni: EniId): CtEntry[] {
    return [...(this.byEni.get(eni)?.values() ?? [])];
  }

  /** Tracked entries on the given ENIs (an instance's allowance counts all of its ENIs). */
  trackedCount(enis: readonly EniId[]): number {
    let n = 0;
    for (const id of enis) n += this.tracked.get(id) ?? 0;
    return n;
  }

  /** Removes the entries of these ENIs that have idled out by `now`, and returns them. */
  dropExpired(enis: readonly EniId[], now: number, timeoutsOf: (eni: EniId) => EniTimeouts | undefined, s: Settings): CtEntry[] {
    const dropped: CtEntry[] = [];
    for (const id of enis) {
      const timeouts = timeoutsOf(id);
      if (!timeouts) continue;
      for (const e of this.entries(id)) {
        if (!isExpired(e, now, timeouts, s)) continue;
        this.delete(e);
        dropped.push(e);
      }
    }
    return dropped;
  }

  eniIds(): EniId[] {
    return [...this.byEni.keys()];
  }

  size(): number {
    let n = 0;
    for (const t of this.byEni.values()) n += t.size;
    return n;
  }

  clear(): void {
    this.byEni.clear();
    this.tracked.clear();
  }

  private count(e: CtEntry, delta: number): void {
    if (e.tracked) this.tracked.set(e.eniId, (this.tracked.get(e.eniId) ?? 0) + delta);
  }
}
