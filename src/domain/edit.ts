/**
 * Pure edits of the rules inside a security group or a network ACL: each returns a new document
 * and leaves the old one untouched, so that history, autosave and the simulation's timeline can
 * all share them. Adds and replaces refuse what AWS refuses at the API (a quota reached, a rule
 * number taken) with a sentence that names the group or ACL, before the document validator
 * would find the same problem in words about paths.
 */
import type { NaclRule, NetworkDocument, SgRule } from './document';
import type { NaclId, SecurityGroupId } from './ids';
import { checkNaclQuota, checkRuleQuota } from './quotas';
import { resolveSettings } from './settings';

type Dir = 'inbound' | 'outbound';

export type EditResult = { ok: true; document: NetworkDocument } | { ok: false; error: string };

const familyOf = (cidr: string): 4 | 6 => (cidr.includes(':') ? 6 : 4);

/** Why `next` breaks the group quota where `before` did not, or null. */
function sgQuotaRefusal(doc: NetworkDocument, name: string, direction: Dir, before: readonly SgRule[], next: readonly SgRule[]): string | null {
  const settings = resolveSettings(doc.settings);
  const now = checkRuleQuota(next, direction, settings, doc.prefixLists);
  if (now === null || checkRuleQuota(before, direction, settings, doc.prefixLists) === now) return null;
  return `Quota reached: group ${name} would have ${now} (Inbound or outbound rules per security group)`;
}

/** Why `next` breaks the NACL quota where `before` did not; `rule` is the one added or changed. */
function naclQuotaRefusal(doc: NetworkDocument, name: string, direction: Dir, before: readonly NaclRule[], next: readonly NaclRule[], rule: NaclRule): string | null {
  const settings = resolveSettings(doc.settings);
  if (checkNaclQuota(next, direction, settings) === null || checkNaclQuota(before, direction, settings) !== null) return null;
  const family = familyOf(rule.cidr);
  const count = next.filter((r) => familyOf(r.cidr) === family).length;
  return `Quota reached: network ACL ${name} can hold ${settings.maxNaclRules - 1} numbered ${direction} IPv${family} rules plus the * rule (${settings.maxNaclRules} in all); this would make ${count + 1}`;
}

function withGroupRules(doc: NetworkDocument, groupId: SecurityGroupId, direction: Dir, rules: SgRule[]): NetworkDocument {
  return { ...doc, securityGroups: doc.securityGroups.map((x) => (x.id === groupId ? { ...x, [direction]: rules } : x)) };
}

function withAclRules(doc: NetworkDocument, aclId: NaclId, direction: Dir, rules: NaclRule[]): NetworkDocument {
  return { ...doc, networkAcls: doc.networkAcls.map((x) => (x.id === aclId ? { ...x, [direction]: rules } : x)) };
}

export function addSgRule(doc: NetworkDocument, groupId: SecurityGroupId, direction: Dir, rule: SgRule): EditResult {
  const g = doc.securityGroups.find((x) => x.id === groupId);
  if (!g) return { ok: false, error: `no security group has id "${groupId}"` };
  const rules = [...g[direction], rule];
  const quota = sgQuotaRefusal(doc, g.name, direction, g[direction], rules);
  return quota ? { ok: false, error: quota } : { ok: true, document: withGroupRules(doc, groupId, direction, rules) };
}

export function removeSgRule(doc: NetworkDocument, groupId: SecurityGroupId, direction: Dir, index: number): EditResult {
  const g = doc.securityGroups.find((x) => x.id === groupId);
  if (!g) return { ok: false, error: `no security group has id "${groupId}"` };
  if (index < 0 || index >= g[direction].length) {
    return { ok: false, error: `${g.name} has no ${direction} rule ${index + 1} (it has ${g[direction].length})` };
  }
  return { ok: true, document: withGroupRules(doc, groupId, direction, g[direction].filter((_, i) => i !== index)) };
}

/** The rule at `index` becomes `rule`, in place: one edit, so one undo step. */
export function replaceSgRule(doc: NetworkDocument, groupId: SecurityGroupId, direction: Dir, index: number, rule: SgRule): EditResult {
  const g = doc.securityGroups.find((x) => x.id === groupId);
  if (!g) return { ok: false, error: `no security group has id "${groupId}"` };
  if (!Number.isInteger(index) || index < 0 || index >= g[direction].length) {
    return { ok: false, error: `${g.name} has no ${direction} rule ${index + 1} (it has ${g[direction].length})` };
  }
  const rules = g[direction].map((r, i) => (i === index ? rule : r));
  const quota = sgQuotaRefusal(doc, g.name, direction, g[direction], rules);
  return quota ? { ok: false, error: quota } : { ok: true, document: withGroupRules(doc, groupId, direction, rules) };
}

export function addNaclRule(doc: NetworkDocument, aclId: NaclId, direction: Dir, rule: NaclRule): EditResult {
  const acl = doc.networkAcls.find((x) => x.id === aclId);
  if (!acl) return { ok: false, error: `no network ACL has id "${aclId}"` };
  if (acl[direction].some((r) => r.ruleNumber === rule.ruleNumber && familyOf(r.cidr) === familyOf(rule.cidr))) {
    return { ok: false, error: `${acl.name} already has ${direction} rule ${rule.ruleNumber}` };
  }
  const rules = [...acl[direction], rule];
  const quota = naclQuotaRefusal(doc, acl.name, direction, acl[direction], rules, rule);
  return quota ? { ok: false, error: quota } : { ok: true, document: withAclRules(doc, aclId, direction, rules) };
}

export function removeNaclRule(doc: NetworkDocument, aclId: NaclId, direction: Dir, ruleNumber: number): EditResult {
  const acl = doc.networkAcls.find((x) => x.id === aclId);
  if (!acl) return { ok: false, error: `no network ACL has id "${aclId}"` };
  if (!acl[direction].some((r) => r.ruleNumber === ruleNumber)) return { ok: false, error: `${acl.name} has no ${direction} rule ${ruleNumber}` };
  return { ok: true, document: withAclRules(doc, aclId, direction, acl[direction].filter((r) => r.ruleNumber !== ruleNumber)) };
}

/**
 * Rule `ruleNumber` becomes `rule`, which may carry a new number (AWS's console edits a NACL the
 * same way: renumbering is an edit of the entry). The new number must be free in the direction.
 */
export function replaceNaclRule(doc: NetworkDocument, aclId: NaclId, direction: Dir, ruleNumber: number, rule: NaclRule): EditResult {
  const acl = doc.networkAcls.find((x) => x.id === aclId);
  if (!acl) return { ok: false, error: `no network ACL has id "${aclId}"` };
  const at = acl[direction].findIndex((r) => r.ruleNumber === ruleNumber);
  if (at < 0) return { ok: false, error: `${acl.name} has no ${direction} rule ${ruleNumber}` };
  if (rule.ruleNumber !== ruleNumber && acl[direction].some((r) => r.ruleNumber === rule.ruleNumber)) {
    return { ok: false, error: `${acl.name} already has ${direction} rule ${rule.ruleNumber}` };
  }
  const rules = acl[direction].map((r, i) => (i === at ? rule : r));
  const quota = naclQuotaRefusal(doc, acl.name, direction, acl[direction], rules, rule);
  return quota ? { ok: false, error: quota } : { ok: true, document: withAclRules(doc, aclId, direction, rules) };
}
