/**
 * AWS's quotas on groups and network ACLs (rules 40-41), with the limits taken from the settings
 * so that a person can model an account whose quotas were raised. Each check returns a sentence
 * for the person, or null; the document validator and the rule editors share them.
 */
import type { NaclRule, PrefixList, SecurityGroup, SgRule } from './document';
import type { IpFamily } from './addr';
import { resolveSettings, type Settings } from './settings';

export type QuotaSettings = Pick<Settings, 'maxGroupsPerEni' | 'maxRulesPerGroup' | 'maxNaclRules'>;
export type QuotaPrefixList = Pick<PrefixList, 'id' | 'family' | 'maxEntries'>;

/** "rules per security group multiplied by security groups per network interface cannot exceed 1,000". */
export const RULES_TIMES_GROUPS_LIMIT = 1000;

export interface RuleWeight {
  /** What the rules count against the quota in each family. */
  count: Record<IpFamily, number>;
  /** Whether a group reference or a prefix list made a count differ from a plain tally. */
  groupRefs: boolean;
  prefixLists: boolean;
}

function familyOf(cidrText: string): IpFamily {
  return cidrText.includes(':') ? 6 : 4;
}

/**
 * How AWS counts rules: a CIDR rule once in its family, a group reference once in each family
 * (it can match members' IPv4 and IPv6 addresses), a prefix-list reference as the list's
 * maximum size in the list's family.
 */
export function ruleWeight(rules: readonly Pick<SgRule, 'peer'>[], prefixLists: readonly QuotaPrefixList[]): RuleWeight {
  const lists = new Map<string, QuotaPrefixList>(prefixLists.map((p) => [p.id, p]));
  const w: RuleWeight = { count: { 4: 0, 6: 0 }, groupRefs: false, prefixLists: false };
  for (const r of rules) {
    if (r.peer.startsWith('sg-')) {
      w.count[4] += 1;
      w.count[6] += 1;
      w.groupRefs = true;
    } else if (r.peer.startsWith('pl-')) {
      const list = lists.get(r.peer);
      // An unknown list is reported as a broken reference, not as a quota problem.
      if (list) {
        w.count[list.family] += list.maxEntries;
        w.prefixLists = true;
      }
    } else w.count[familyOf(r.peer)] += 1;
  }
  return w;
}

/** One direction of one group against `maxRulesPerGroup`, IPv4 and IPv6 counted separately. */
export function checkRuleQuota(
  rules: readonly Pick<SgRule, 'peer'>[],
  direction: 'inbound' | 'outbound',
  settings: QuotaSettings,
  prefixLists: readonly QuotaPrefixList[],
): string | null {
  const w = ruleWeight(rules, prefixLists);
  for (const family of [4, 6] as const) {
    const n = w.count[family];
    if (n <= settings.maxRulesPerGroup) continue;
    const notes = [
      ...(w.prefixLists ? ['each prefix list as its maximum size'] : []),
      ...(w.groupRefs ? ['each group reference in both IPv4 and IPv6'] : []),
    ];
    const how = notes.length > 0 ? ` (counting ${notes.join(' and ')})` : '';
    return `${n} ${direction} IPv${family} rules${how}; the quota is ${settings.maxRulesPerGroup}`;
  }
  return null;
}

export function checkGroupQuota(
  group: Pick<SecurityGroup, 'inbound' | 'outbound'>,
  settings: QuotaSettings,
  prefixLists: readonly QuotaPrefixList[],
): string | null {
  return checkRuleQuota(group.inbound, 'inbound', settings, prefixLists) ?? checkRuleQuota(group.outbound, 'outbound', settings, prefixLists);
}

export function checkEniGroupCount(groupIds: readonly string[], settings: QuotaSettings): string | null {
  const n = groupIds.length;
  return n > settings.maxGroupsPerEni ? `${n} security groups on one network interface; the quota is ${settings.maxGroupsPerEni}` : null;
}

/** One direction of a NACL: the quota counts the `*` rule, so one fewer numbered rule fits. */
export function checkNaclQuota(rules: readonly Pick<NaclRule, 'cidr'>[], direction: 'inbound' | 'outbound', settings: QuotaSettings): string | null {
  for (const family of [4, 6] as const) {
    const n = rules.filter((r) => familyOf(r.cidr) === family).length;
    if (n + 1 <= settings.maxNaclRules) continue;
    return `${n} ${direction} IPv${family} rules and the * rule make ${n + 1}; the quota is ${settings.maxNaclRules}`;
  }
  return null;
}

/**
 * AWS ties the two group quotas together: raising one lowers the room for the other. Checked on
 * the settings, since groups and interfaces within their quotas then stay under the product too.
 */
export function checkQuotaProduct(settings: Partial<Settings> | undefined): string | null {
  const s = resolveSettings(settings);
  const product = s.maxRulesPerGroup * s.maxGroupsPerEni;
  return product > RULES_TIMES_GROUPS_LIMIT
    ? `maxRulesPerGroup ${s.maxRulesPerGroup} × maxGroupsPerEni ${s.maxGroupsPerEni} = ${product}; AWS caps this product at ${RULES_TIMES_GROUPS_LIMIT}`
    : null;
}
