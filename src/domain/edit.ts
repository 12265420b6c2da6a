/**
 * Pure edits of a document: each returns a new document and leaves the old one untouched, so that
 * history, autosave and the simulation's timeline can all share them.
 */
import type { NaclRule, NetworkDocument, SgRule } from './document';
import type { NaclId, SecurityGroupId } from './ids';

type Dir = 'inbound' | 'outbound';

export type EditResult = { ok: true; document: NetworkDocument } | { ok: false; error: string };

export function addSgRule(doc: NetworkDocument, groupId: SecurityGroupId, direction: Dir, rule: SgRule): EditResult {
  const g = doc.securityGroups.find((x) => x.id === groupId);
  if (!g) return { ok: false, error: `no security group has id "${groupId}"` };
  const groups = doc.securityGroups.map((x) => (x.id === groupId ? { ...x, [direction]: [...x[direction], rule] } : x));
  return { ok: true, document: { ...doc, securityGroups: groups } };
}

export function removeSgRule(doc: NetworkDocument, groupId: SecurityGroupId, direction: Dir, index: number): EditResult {
  const g = doc.securityGroups.find((x) => x.id === groupId);
  if (!g) return { ok: false, error: `no security group has id "${groupId}"` };
  if (index < 0 || index >= g[direction].length) {
    return { ok: false, error: `${g.name} has no ${direction} rule ${index + 1} (it has ${g[direction].length})` };
  }
  const groups = doc.securityGroups.map((x) => (x.id === groupId ? { ...x, [direction]: x[direction].filter((_, i) => i !== index) } : x));
  return { ok: true, document: { ...doc, securityGroups: groups } };
}

export function addNaclRule(doc: NetworkDocument, aclId: NaclId, direction: Dir, rule: NaclRule): EditResult {
  const acl = doc.networkAcls.find((x) => x.id === aclId);
  if (!acl) return { ok: false, error: `no network ACL has id "${aclId}"` };
  if (acl[direction].some((r) => r.ruleNumber === rule.ruleNumber && r.cidr.includes(':') === rule.cidr.includes(':'))) {
    return { ok: false, error: `${acl.name} already has ${direction} rule ${rule.ruleNumber}` };
  }
  const acls = doc.networkAcls.map((x) => (x.id === aclId ? { ...x, [direction]: [...x[direction], rule] } : x));
  return { ok: true, document: { ...doc, networkAcls: acls } };
}

export function removeNaclRule(doc: NetworkDocument, aclId: NaclId, direction: Dir, ruleNumber: number): EditResult {
  const acl = doc.networkAcls.find((x) => x.id === aclId);
  if (!acl) return { ok: false, error: `no network ACL has id "${aclId}"` };
  if (!acl[direction].some((r) => r.ruleNumber === ruleNumber)) return { ok: false, error: `${acl.name} has no ${direction} rule ${ruleNumber}` };
  const acls = doc.networkAcls.map((x) => (x.id === aclId ? { ...x, [direction]: x[direction].filter((r) => r.ruleNumber !== ruleNumber) } : x));
  return { ok: true, document: { ...doc, networkAcls: acls } };
}
