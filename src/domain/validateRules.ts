/**
 * Checks on one security group rule or one NACL rule that the shape can't express: which fields
 * a protocol takes (rules 8, 9 and 34), port order, and what a group or prefix-list reference
 * points at (rule 11). Problems are relative to the rule, so that the rule editors can show them
 * next to the field and the document validator can prefix the rule's path.
 */
import { PEER_FIELD, type NaclRule, type PrefixList, type SecurityGroup, type SgRule } from './document';
import { show, type PathPart } from './issuePath';
import { ICMP, ICMPV6, TCP, UDP, protocolNumber } from './protocol';

export interface RuleProblem {
  /** The field at fault, or null when the rule as a whole is. */
  field: string | null;
  message: string;
}

export interface RuleRefs {
  groups: ReadonlyMap<string, Pick<SecurityGroup, 'id' | 'vpcId'>>;
  prefixLists: ReadonlyMap<string, Pick<PrefixList, 'id'>>;
}

/** Where the validators send what they find. */
export type Report = (path: readonly PathPart[], message: string) => void;

export function reportRuleProblems(report: Report, path: readonly PathPart[], problems: readonly RuleProblem[]): void {
  for (const p of problems) report(p.field === null ? path : [...path, p.field], p.message);
}

type RuleFields = Pick<SgRule, 'protocol' | 'fromPort' | 'toPort' | 'icmpType' | 'icmpCode'>;

const NAMES: Record<number, string> = { [TCP]: 'tcp', [UDP]: 'udp', [ICMP]: 'icmp', [ICMPV6]: 'icmpv6' };

/** Port and ICMP fields; `needPorts` is AWS's security-group rule that tcp/udp give a range. */
function fieldProblems(rule: RuleFields, needPorts: boolean): RuleProblem[] {
  const out: RuleProblem[] = [];
  const protocol = protocolNumber(rule.protocol);
  if (protocol === null) return out;
  const name = NAMES[protocol] ?? rule.protocol;
  const hasFrom = rule.fromPort !== undefined;
  const hasTo = rule.toPort !== undefined;
  const hasIcmp = rule.icmpType !== undefined || rule.icmpCode !== undefined;
  if (protocol === TCP || protocol === UDP) {
    if (needPorts && (!hasFrom || !hasTo)) out.push({ field: null, message: `${name} rules need fromPort and toPort` });
    else if (hasFrom !== hasTo) out.push({ field: null, message: 'give both fromPort and toPort, or neither for all ports' });
    else if (rule.fromPort !== undefined && rule.toPort !== undefined && rule.fromPort > rule.toPort) {
      out.push({ field: null, message: `port range ${rule.fromPort}-${rule.toPort} is reversed` });
    }
    if (hasIcmp) out.push({ field: null, message: 'icmpType and icmpCode apply only to icmp and icmpv6 rules' });
  } else if (protocol === ICMP || protocol === ICMPV6) {
    // AWS's API keeps the ICMP type in FromPort; here they are separate fields, and a port on an
    // ICMP rule would silently mean "all types", so it is refused.
    if (hasFrom || hasTo) out.push({ field: null, message: `${name} rules take icmpType and icmpCode, not fromPort and toPort` });
    const type = rule.icmpType ?? -1;
    const code = rule.icmpCode ?? -1;
    if (type === -1 && code !== -1) {
      out.push({ field: 'icmpCode', message: `${code} needs a specific icmpType: when the type is -1 (all types) the code must be -1 too` });
    }
  }
  return out;
}

/**
 * A security group rule of `direction` inside a group of VPC `vpcId`. Problems with the rule's
 * `peer` name the field as the file does: `source` inbound, `destination` outbound.
 */
export function sgRuleProblems(rule: SgRule, direction: 'inbound' | 'outbound', vpcId: string, refs: RuleRefs): RuleProblem[] {
  const out = fieldProblems(rule, true);
  const field = PEER_FIELD[direction];
  if (rule.peer.startsWith('sg-')) {
    const target = refs.groups.get(rule.peer);
    if (!target) out.push({ field, message: `${show(rule.peer)} is not the id of any security group` });
    else if (target.vpcId !== vpcId) {
      out.push({ field, message: `${show(rule.peer)} is in VPC ${target.vpcId}, not ${vpcId}: a rule can only reference groups of its own VPC` });
    }
  } else if (rule.peer.startsWith('pl-') && !refs.prefixLists.has(rule.peer)) {
    out.push({ field, message: `${show(rule.peer)} is not the id of any prefix list` });
  }
  return out;
}

export function naclRuleProblems(rule: NaclRule): RuleProblem[] {
  return fieldProblems(rule, false);
}

/** Rule numbers are unique per direction, whatever the family: AWS refuses a second entry 100. */
export function duplicateRuleNumbers(rules: readonly Pick<NaclRule, 'ruleNumber'>[], direction: 'inbound' | 'outbound'): { index: number; message: string }[] {
  const seen = new Set<number>();
  const out: { index: number; message: string }[] = [];
  rules.forEach((r, index) => {
    if (seen.has(r.ruleNumber)) out.push({ index, message: `rule number ${r.ruleNumber} is used twice in ${direction}` });
    seen.add(r.ruleNumber);
  });
  return out;
}
