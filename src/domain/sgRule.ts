/**
 * One security group rule, resolved: protocol as a number, ports as a closed range, and the peer
 * expanded into address blocks (a group reference becomes its members' private addresses, a
 * prefix list its entries).
 */
import { isWholeFamily, type Cidr, type IpAddress, type IpFamily } from './addr';
import type { SgRule } from './document';
import type { SecurityGroupId } from './ids';
import type { Direction, Packet } from './packet';
import { ALL, ICMP, ICMPV6, TCP, UDP, protocolLabel } from './protocol';

export type PeerKind = 'cidr' | 'security-group' | 'prefix-list';

export interface CompiledSgRule {
  groupId: SecurityGroupId;
  groupName: string;
  direction: Direction;
  /** Position of the rule in its group's list for that direction. */
  index: number;
  /** Order across every group on the ENI: decides which rule a verdict names when several match. */
  order: number;
  rule: SgRule;
  protocol: number;
  fromPort: number;
  toPort: number;
  /** -1 means every type or code. */
  icmpType: number;
  icmpCode: number;
  peerKind: PeerKind;
  ranges: Cidr[];
  /** The peer is exactly 0.0.0.0/0 or ::/0 (not a group or prefix list that happens to cover it). */
  wholeFamily: IpFamily | null;
}

/** How a rule's protocol and port fields read, in AWS's sense (rule 8 and 9 of the semantics). */
export function ruleShape(rule: Pick<SgRule, 'fromPort' | 'toPort' | 'icmpType' | 'icmpCode'>, protocol: number) {
  if (protocol === TCP || protocol === UDP) {
    return { fromPort: rule.fromPort ?? 0, toPort: rule.toPort ?? 65535, icmpType: -1, icmpCode: -1 };
  }
  if (protocol === ICMP || protocol === ICMPV6) {
    return { fromPort: 0, toPort: 65535, icmpType: rule.icmpType ?? -1, icmpCode: rule.icmpCode ?? -1 };
  }
  // -1 and every other protocol number: all ports, whatever range was given.
  return { fromPort: 0, toPort: 65535, icmpType: -1, icmpCode: -1 };
}

export function compileSgRule(
  rule: SgRule,
  protocol: number,
  meta: { groupId: SecurityGroupId; groupName: string; direction: Direction; index: number; order: number },
  peerKind: PeerKind,
  ranges: Cidr[],
): CompiledSgRule {
  const only = ranges.length === 1 ? ranges[0] : undefined;
  return {
    ...meta,
    rule,
    protocol,
    ...ruleShape(rule, protocol),
    peerKind,
    ranges,
    wholeFamily: peerKind === 'cidr' && only !== undefined && isWholeFamily(only) ? only.family : null,
  };
}

export function protocolMatches(ruleProtocol: number, packetProtocol: number): boolean {
  return ruleProtocol === ALL || ruleProtocol === packetProtocol;
}

/** Whether the rule's protocol and port (or ICMP type/code) fields admit the packet. */
export function portsMatch(r: Pick<CompiledSgRule, 'protocol' | 'fromPort' | 'toPort' | 'icmpType' | 'icmpCode'>, p: Packet): boolean {
  if (!protocolMatches(r.protocol, p.protocol)) return false;
  if (r.protocol === TCP || r.protocol === UDP) return p.dstPort >= r.fromPort && p.dstPort <= r.toPort;
  if (r.protocol === ICMP || r.protocol === ICMPV6) {
    return (r.icmpType === -1 || r.icmpType === p.icmpType) && (r.icmpCode === -1 || r.icmpCode === p.icmpCode);
  }
  return true;
}

export function addressMatches(ranges: readonly Cidr[], a: IpAddress): boolean {
  for (const c of ranges) {
    if (c.family !== a.family) continue;
    if (a.family === 4 ? a.v4 >= c.lo4 && a.v4 <= c.hi4 : a.v6 >= c.lo6 && a.v6 <= c.hi6) return true;
  }
  return false;
}

/** The direct reading of one rule against one packet; `remote` is the peer's address as the ENI sees it. */
export function sgRuleMatches(r: CompiledSgRule, p: Packet, remote: IpAddress): boolean {
  return portsMatch(r, p) && addressMatches(r.ranges, remote);
}

/**
 * Whether the rule opens its direction to the whole family for this protocol on every port:
 * the "response" half of AWS's untracked-flow condition (rule 18).
 */
export function opensEverything(r: CompiledSgRule, protocol: number, family: IpFamily): boolean {
  return r.wholeFamily === family && protocolMatches(r.protocol, protocol) && r.fromPort === 0 && r.toPort === 65535;
}

/** `TCP 80 from 0.0.0.0/0`, `All traffic to sg-web`, `ICMP type 8 from …`. */
export function describeSgRule(rule: SgRule, protocol: number, direction: Direction): string {
  const shape = ruleShape(rule, protocol);
  const word = direction === 'inbound' ? 'from' : 'to';
  let what: string;
  if (protocol === ALL) what = 'All traffic';
  else if (protocol === TCP || protocol === UDP) {
    const ports = shape.fromPort === 0 && shape.toPort === 65535 ? 'all ports' : shape.fromPort === shape.toPort ? `${shape.fromPort}` : `${shape.fromPort}-${shape.toPort}`;
    what = `${protocolLabel(protocol)} ${ports}`;
  } else if (protocol === ICMP || protocol === ICMPV6) {
    const type = shape.icmpType === -1 ? 'all types' : `type ${shape.icmpType}`;
    const code = shape.icmpCode === -1 ? '' : ` code ${shape.icmpCode}`;
    what = `${protocolLabel(protocol)} ${type}${code}`;
  } else what = `${protocolLabel(protocol)} (all ports)`;
  return `${what} ${word} ${rule.peer}`;
}
