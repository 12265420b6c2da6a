/**
 * Security groups as things a person creates, names, attaches and deletes (the rules inside a
 * group are `edit.ts`'s business). Each edit refuses what AWS would refuse, with a sentence that
 * names the group and the instance, and returns a new document, leaving the old one untouched.
 */
import { newSecurityGroup } from './defaults';
import type { Eni, Instance, NetworkDocument, SecurityGroup } from './document';
import type { EniId, InstanceId, SecurityGroupId, VpcId } from './ids';
import { resolveSettings } from './settings';
import { fail, freshId, pruneTraffic, takenIds, vpcName, type TopologyResult } from './topologyBase';

/** AWS: "Up to 255 characters in length. Cannot start with sg-." */
export const MAX_GROUP_NAME = 255;

interface EniAt {
  instance: Instance;
  eni: Eni;
  /** How messages call the interface: the instance's name, plus the ENI id when it has several. */
  label: string;
}

function findEni(doc: NetworkDocument, id: EniId | InstanceId): EniAt | string {
  for (const instance of doc.instances) {
    const eni = instance.id === id ? instance.enis[0] : instance.enis.find((e) => e.id === id);
    if (instance.id === id && !eni) return `${instance.name} has no network interface`;
    if (eni) return { instance, eni, label: instance.enis.length > 1 ? `${instance.name} (${eni.id})` : instance.name };
  }
  return `No instance or network interface has id ${id}`;
}

function findGroup(doc: NetworkDocument, id: SecurityGroupId): SecurityGroup | string {
  return doc.securityGroups.find((g) => g.id === id) ?? `No security group has id ${id}`;
}

function withEniGroups(doc: NetworkDocument, eniId: EniId, groups: SecurityGroupId[]): NetworkDocument {
  const instances = doc.instances.map((inst) =>
    inst.enis.some((e) => e.id === eniId) ? { ...inst, enis: inst.enis.map((e) => (e.id === eniId ? { ...e, securityGroupIds: groups } : e)) } : inst,
  );
  return { ...doc, instances };
}

/** Attaches to the interface; an instance id means its first interface, as the console's instance view does. */
export function attachGroup(doc: NetworkDocument, eniOrInstanceId: EniId | InstanceId, groupId: SecurityGroupId): TopologyResult {
  const at = findEni(doc, eniOrInstanceId);
  if (typeof at === 'string') return fail(at);
  const group = findGroup(doc, groupId);
  if (typeof group === 'string') return fail(group);
  const { eni, label } = at;
  const eniVpc = doc.subnets.find((s) => s.id === eni.subnetId)?.vpcId;
  if (eniVpc !== undefined && group.vpcId !== eniVpc) {
    return fail(`Group ${group.name} belongs to VPC ${vpcName(doc, group.vpcId)}, but ${label} is in VPC ${vpcName(doc, eniVpc)}: an interface can only use groups of its own VPC`);
  }
  if (eni.securityGroupIds.includes(groupId)) return fail(`${label} already has group ${group.name}`);
  const max = resolveSettings(doc.settings).maxGroupsPerEni;
  if (eni.securityGroupIds.length >= max) return fail(`An ENI can have at most ${max} security groups; ${label} already has ${eni.securityGroupIds.length}`);
  return { ok: true, document: withEniGroups(doc, eni.id, [...eni.securityGroupIds, groupId]) };
}

export function detachGroup(doc: NetworkDocument, eniOrInstanceId: EniId | InstanceId, groupId: SecurityGroupId): TopologyResult {
  const at = findEni(doc, eniOrInstanceId);
  if (typeof at === 'string') return fail(at);
  const { eni, label } = at;
  const name = doc.securityGroups.find((g) => g.id === groupId)?.name ?? groupId;
  if (!eni.securityGroupIds.includes(groupId)) return fail(`${label} does not have group ${name}`);
  if (eni.securityGroupIds.length === 1) return fail('An ENI must keep at least one security group (AWS requires it); attach another first');
  return { ok: true, document: withEniGroups(doc, eni.id, eni.securityGroupIds.filter((g) => g !== groupId)) };
}

/** Why `name` can't name a group in the VPC, or null; `self` is the group being renamed. */
function groupNameProblem(doc: NetworkDocument, vpcId: VpcId, name: string, self?: SecurityGroupId): string | null {
  if (name === '') return 'A security group needs a name';
  if (name.length > MAX_GROUP_NAME) return `A security group name can be at most ${MAX_GROUP_NAME} characters (this one has ${name.length})`;
  if (name.toLowerCase().startsWith('sg-')) return `A security group name can't start with "sg-": AWS keeps that for ids`;
  // AWS compares group names without regard to case.
  const clash = doc.securityGroups.find((g) => g.vpcId === vpcId && g.id !== self && g.name.toLowerCase() === name.toLowerCase());
  return clash ? `VPC ${vpcName(doc, vpcId)} already has a security group named ${clash.name}` : null;
}

/** A new group with AWS's defaults for new groups (no inbound rules, all outbound). */
export function createGroup(doc: NetworkDocument, vpcId: VpcId, name: string): TopologyResult {
  if (!doc.vpcs.some((v) => v.id === vpcId)) return fail(`No VPC has id ${vpcId}`);
  const trimmed = name.trim();
  const problem = groupNameProblem(doc, vpcId, trimmed);
  if (problem) return fail(problem);
  const id = freshId<SecurityGroupId>(takenIds(doc), 'sg');
  const group = newSecurityGroup(id, trimmed, vpcId, resolveSettings(doc.settings));
  return { ok: true, document: { ...doc, securityGroups: [...doc.securityGroups, group] }, created: [id] };
}

export function renameGroup(doc: NetworkDocument, groupId: SecurityGroupId, name: string): TopologyResult {
  const group = findGroup(doc, groupId);
  if (typeof group === 'string') return fail(group);
  if (group.isDefault) return fail(`The default security group of VPC ${vpcName(doc, group.vpcId)} can't be renamed (AWS does not allow it)`);
  const trimmed = name.trim();
  const problem = groupNameProblem(doc, group.vpcId, trimmed, groupId);
  if (problem) return fail(problem);
  return { ok: true, document: { ...doc, securityGroups: doc.securityGroups.map((g) => (g.id === groupId ? { ...g, name: trimmed } : g)) } };
}

/**
 * Refuses what AWS refuses (the default group, a group in use by an interface or by another
 * group's rule). Changes in the traffic script that edit the group go with it, as they would
 * name a group that no longer exists.
 */
export function deleteGroup(doc: NetworkDocument, groupId: SecurityGroupId): TopologyResult {
  const group = findGroup(doc, groupId);
  if (typeof group === 'string') return fail(group);
  if (group.isDefault) return fail(`${group.name} is the default security group of VPC ${vpcName(doc, group.vpcId)}; AWS deletes it only with the VPC`);
  const users = doc.instances.flatMap((inst) =>
    inst.enis.filter((e) => e.securityGroupIds.includes(groupId)).map((e) => (inst.enis.length > 1 ? `${inst.name} (${e.id})` : inst.name)),
  );
  if (users.length > 0) return fail(`Group ${group.name} is still attached to ${users.join(', ')}; detach it first`);
  const referrers = doc.securityGroups.filter((g) => g.id !== groupId && [...g.inbound, ...g.outbound].some((r) => r.peer === groupId));
  if (referrers.length > 0) return fail(`Group ${group.name} is referenced by rules of ${referrers.map((g) => g.name).join(', ')}; remove those rules first`);
  const without = { ...doc, securityGroups: doc.securityGroups.filter((g) => g.id !== groupId) };
  const document = pruneTraffic(without, (t) => (t.kind === 'add-rule' || t.kind === 'remove-rule') && (t.groupId === groupId || t.rule?.peer === groupId));
  return { ok: true, document };
}
