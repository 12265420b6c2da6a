/**
 * Network ACLs: numbered rules, lowest number first, the first match decides, and the `*` rule
 * denies what nothing matched (rules 28-34). IPv4 and IPv6 rules never see each other's packets.
 */
import { parseCidr, type Cidr, type IpAddress } from './addr';
import type { NaclAction, NaclRule, NetworkAcl } from './document';
import type { NaclId } from './ids';
import type { Direction, Packet } from './packet';
import { ALL, ICMP, ICMPV6, TCP, UDP, protocolLabel, protocolNumber } from './protocol';

/** The API's numbers for the two `*` rules. */
export const STAR_RULE_V4 = 32767;
export const STAR_RULE_V6 = 32768;

export interface CompiledNaclRule {
  rule: NaclRule;
  ruleNumber: number;
  action: NaclAction;
  protocol: number;
  cidr: Cidr;
  fromPort: number;
  toPort: number;
  icmpType: number;
  icmpCode: number;
  /** Protocol 58 on an IPv4 block: AWS ignores the type and code (rule 34). */
  anyIcmp: boolean;
}

export interface CompiledNacl {
  id: NaclId;
  name: string;
  inbound: CompiledNaclRule[];
  outbound: CompiledNaclRule[];
}

export type NaclDecision =
  | { kind: 'rule'; rule: CompiledNaclRule }
  | { kind: 'star'; ruleNumber: typeof STAR_RULE_V4 | typeof STAR_RULE_V6 };

export function compileNaclRule(rule: NaclRule): CompiledNaclRule {
  const protocol = protocolNumber(rule.protocol);
  const cidr = parseCidr(rule.cidr);
  if (protocol === null || !cidr.ok) throw new Error(`NACL rule ${rule.ruleNumber} is not valid; validate the document first`);
  const ported = protocol === TCP || protocol === UDP;
  const icmp = protocol === ICMP || protocol === ICMPV6;
  return {
    rule,
    ruleNumber: rule.ruleNumber,
    action: rule.action,
    protocol,
    cidr: cidr.value,
    fromPort: ported ? (rule.fromPort ?? 0) : 0,
    toPort: ported ? (rule.toPort ?? 65535) : 65535,
    icmpType: icmp ? (rule.icmpType ?? -1) : -1,
    icmpCode: icmp ? (rule.icmpCode ?? -1) : -1,
    anyIcmp: protocol === ICMPV6 && cidr.value.family === 4,
  };
}

export function compileNacl(acl: NetworkAcl): CompiledNacl {
  const sort = (rules: NaclRule[]) => rules.map(compileNaclRule).sort((a, b) => a.ruleNumber - b.ruleNumber);
  return { id: acl.id, name: acl.name, inbound: sort(acl.inbound), outbound: sort(acl.outbound) };
}

export function naclRuleMatches(r: CompiledNaclRule, p: Packet, remote: IpAddress): boolean {
  if (r.cidr.family !== remote.family) return false;
  const inBlock = remote.family === 4 ? remote.v4 >= r.cidr.lo4 && remote.v4 <= r.cidr.hi4 : remote.v6 >= r.cidr.lo6 && remote.v6 <= r.cidr.hi6;
  if (!inBlock) return false;
  if (r.protocol === ALL) return true;
  if (r.protocol !== p.protocol) return false;
  if (r.protocol === TCP || r.protocol === UDP) return p.dstPort >= r.fromPort && p.dstPort <= r.toPort;
  if ((r.protocol === ICMP || r.protocol === ICMPV6) && !r.anyIcmp) {
    return (r.icmpType === -1 || r.icmpType === p.icmpType) && (r.icmpCode === -1 || r.icmpCode === p.icmpCode);
  }
  return true;
}

/** Inbound rules match the packet's source, outbound rules its destination. */
export function evaluateNacl(acl: CompiledNacl, direction: Direction, p: Packet): NaclDecision {
  const remote = direction === 'inbound' ? p.src : p.dst;
  const rules = direction === 'inbound' ? acl.inbound : acl.outbound;
  for (const r of rules) {
    if (naclRuleMatches(r, p, remote)) return { kind: 'rule', rule: r };
  }
  return { kind: 'star', ruleNumber: remote.family === 4 ? STAR_RULE_V4 : STAR_RULE_V6 };
}

export function describeNaclRule(r: NaclRule): string {
  const protocol = protocolNumber(r.protocol) ?? ALL;
  let what = protocol === ALL ? 'All traffic' : protocolLabel(protocol);
  if (protocol === TCP || protocol === UDP) {
    const from = r.fromPort ?? 0;
    const to = r.toPort ?? 65535;
    what += from === to ? ` ${from}` : ` ${from}-${to}`;
  } else if ((protocol === ICMP || protocol === ICMPV6) && r.icmpType !== undefined && r.icmpType !== -1) {
    what += ` type ${r.icmpType}${r.icmpCode !== undefined && r.icmpCode !== -1 ? ` code ${r.icmpCode}` : ''}`;
  }
  return `${r.ruleNumber} ${r.action.toUpperCase()} ${what} ${r.cidr}`;
}
