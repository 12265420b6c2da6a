/**
 * The rules of every group on one ENI, for one direction, indexed so that a verdict costs two
 * binary searches instead of a scan: TCP and UDP rules are cut into port segments, and a busy
 * segment gets an address index in which each elementary interval remembers the first rule
 * (in group order) that covers it. The answer is the same as scanning every rule (rule 2: any
 * match allows); the property tests hold the two side by side.
 */
import type { IpAddress, IpFamily } from './addr';
import type { Packet } from './packet';
import { ALL, TCP, UDP } from './protocol';
import { addressMatches, opensEverything, portsMatch, type CompiledSgRule } from './sgRule';

export interface SgMatch {
  /** The first matching rule in group order: the one a verdict names. */
  rule: CompiledSgRule;
  /** A matching rule's peer is exactly 0.0.0.0/0 or ::/0 (half of the untracked condition). */
  wholeFamilyRule: CompiledSgRule | null;
}

/** Segments with at most this many rules are scanned; busier ones get an address index. */
const SCAN_LIMIT = 4;

interface AddrIndex {
  starts: (number | bigint)[];
  ends: (number | bigint)[];
  rules: CompiledSgRule[];
}

interface Segment {
  rules: CompiledSgRule[];
  world: CompiledSgRule | null;
  addr: AddrIndex | null | undefined;
}

interface PortIndex {
  starts: number[];
  segments: Segment[];
}

function inFamily(r: CompiledSgRule, family: IpFamily): boolean {
  return r.ranges.some((c) => c.family === family);
}

function buildAddrIndex(rules: CompiledSgRule[], family: IpFamily): AddrIndex {
  const points = new Set<number | bigint>();
  for (const r of rules) {
    for (const c of r.ranges) {
      if (c.family !== family) continue;
      if (family === 4) {
        points.add(c.lo4);
        points.add(c.hi4 + 1);
      } else {
        points.add(c.lo6);
        points.add(c.hi6 + 1n);
      }
    }
  }
  const sorted = [...points].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const index: AddrIndex = { starts: [], ends: [], rules: [] };
  for (let i = 0; i + 1 < sorted.length; i++) {
    const lo = sorted[i] as number | bigint;
    const next = sorted[i + 1] as number | bigint;
    const hi = typeof next === 'bigint' ? next - 1n : next - 1;
    const probe: IpAddress = family === 4 ? { family, v4: lo as number, v6: 0n, text: '' } : { family, v4: 0, v6: lo as bigint, text: '' };
    const first = rules.find((r) => addressMatches(r.ranges, probe));
    if (!first) continue;
    const last = index.rules.length - 1;
    const prevEnd = index.ends[last];
    const adjacent = prevEnd !== undefined && (typeof prevEnd === 'bigint' ? prevEnd + 1n === lo : prevEnd + 1 === lo);
    if (last >= 0 && index.rules[last] === first && adjacent) index.ends[last] = hi;
    else {
      index.starts.push(lo);
      index.ends.push(hi);
      index.rules.push(first);
    }
  }
  return index;
}

function lookupAddr(index: AddrIndex, a: IpAddress): CompiledSgRule | null {
  const key = a.family === 4 ? a.v4 : a.v6;
  let lo = 0;
  let hi = index.starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((index.starts[mid] as number | bigint) <= key) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found < 0 || key > (index.ends[found] as number | bigint)) return null;
  return index.rules[found] ?? null;
}

function buildPortIndex(rules: CompiledSgRule[]): PortIndex {
  const cuts = new Set<number>([0]);
  for (const r of rules) {
    cuts.add(r.fromPort);
    if (r.toPort < 65535) cuts.add(r.toPort + 1);
  }
  const starts = [...cuts].sort((a, b) => a - b);
  const segments = starts.map((start): Segment => {
    const covering = rules.filter((r) => r.fromPort <= start && r.toPort >= start);
    return { rules: covering, world: covering.find((r) => r.wholeFamily !== null) ?? null, addr: undefined };
  });
  return { starts, segments };
}

function segmentFor(index: PortIndex, port: number): Segment | undefined {
  const { starts } = index;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= port) lo = mid;
    else hi = mid - 1;
  }
  return index.segments[lo];
}

export class SgRuleSet {
  readonly rules: readonly CompiledSgRule[];
  private readonly portIndexes = new Map<number, PortIndex>();

  constructor(rules: CompiledSgRule[]) {
    this.rules = [...rules].sort((a, b) => a.order - b.order);
  }

  match(p: Packet, remote: IpAddress): SgMatch | null {
    if (p.protocol === TCP || p.protocol === UDP) return this.matchPorts(p, remote);
    let first: CompiledSgRule | null = null;
    for (const r of this.rules) {
      if (portsMatch(r, p) && addressMatches(r.ranges, remote)) {
        first = r;
        break;
      }
    }
    return first ? { rule: first, wholeFamilyRule: first.wholeFamily === remote.family ? first : null } : null;
  }

  /** The first rule that opens this direction to the whole family on every port for the protocol. */
  opensEverything(protocol: number, family: IpFamily): CompiledSgRule | null {
    return this.rules.find((r) => opensEverything(r, protocol, family)) ?? null;
  }

  private matchPorts(p: Packet, remote: IpAddress): SgMatch | null {
    const key = p.protocol * 8 + remote.family;
    let index = this.portIndexes.get(key);
    if (!index) {
      const relevant = this.rules.filter((r) => (r.protocol === p.protocol || r.protocol === ALL) && inFamily(r, remote.family));
      index = buildPortIndex(relevant);
      this.portIndexes.set(key, index);
    }
    const seg = segmentFor(index, p.dstPort);
    if (!seg || seg.rules.length === 0) return null;
    let rule: CompiledSgRule | null = null;
    if (seg.rules.length <= SCAN_LIMIT) {
      for (const r of seg.rules) {
        if (addressMatches(r.ranges, remote)) {
          rule = r;
          break;
        }
      }
    } else {
      if (seg.addr === undefined) seg.addr = buildAddrIndex(seg.rules, remote.family);
      rule = seg.addr ? lookupAddr(seg.addr, remote) : null;
    }
    if (!rule) return null;
    return { rule, wholeFamilyRule: seg.world && seg.world.wholeFamily === remote.family ? seg.world : null };
  }
}
