/**
 * Random editing sessions for property tests: an arbitrary "intent" (pick an edit and some
 * numbers) becomes a concrete step against the document of the moment, so that most steps name
 * ids that exist and some are refused. Steps have the shape of the engine's commands, so the
 * domain tests and the store tests replay the same sessions.
 */
import fc from 'fast-check';
import type { LayoutEntry, NetworkDocument, Point } from './document';
import type { EniId, InstanceId, SecurityGroupId, VpcId } from './ids';
import {
  addNode,
  attachGroup,
  createGroup,
  deleteGroup,
  deleteNodes,
  detachGroup,
  duplicateNodes,
  moveNodes,
  renameGroup,
  renameNode,
  type NewNodeKind,
  type TopologyResult,
} from './topologyEdit';

export type Step =
  | { type: 'node.add'; kind: NewNodeKind; at: LayoutEntry; parentId?: string }
  | { type: 'nodes.move'; ids: string[]; dx: number; dy: number }
  | { type: 'nodes.delete'; ids: string[] }
  | { type: 'nodes.duplicate'; ids: string[]; offset: Point }
  | { type: 'node.rename'; id: string; name: string }
  | { type: 'group.attach' | 'group.detach'; target: string; groupId: string }
  | { type: 'group.create'; vpcId: string; name: string }
  | { type: 'group.rename'; groupId: string; name: string }
  | { type: 'group.delete'; groupId: string };

const OPS = ['add', 'add', 'add', 'add', 'move', 'delete', 'duplicate', 'rename', 'attach', 'detach', 'create', 'regroup', 'ungroup'] as const;
const KINDS: readonly NewNodeKind[] = ['vpc', 'subnet', 'instance', 'instance', 'client', 'igw'];
const NAMES = ['web', 'db', 'Web', '  app  ', '', 'default', 'sg-x'];

export interface Intent {
  op: number;
  a: number;
  b: number;
  c: number;
  name: number;
  dx: number;
  dy: number;
}

export const intentArb: fc.Arbitrary<Intent> = fc.record({
  op: fc.nat(OPS.length - 1),
  a: fc.nat(50),
  b: fc.nat(50),
  c: fc.nat(50),
  name: fc.nat(NAMES.length - 1),
  dx: fc.integer({ min: -50, max: 50 }),
  dy: fc.integer({ min: -50, max: 50 }),
});

/** The n-th item, wrapping; one pick in ten (and any pick from nothing) is an id nobody has. */
function pick(ids: readonly string[], n: number): string {
  return n % 10 === 9 ? 'nope-1' : (ids[n % ids.length] ?? 'nope-1');
}

export function stepFor(doc: NetworkDocument, it: Intent): Step {
  const nodes = [...doc.vpcs, ...doc.subnets, ...doc.instances, ...doc.externalHosts, ...doc.internetGateways].map((n) => n.id);
  const copyable = [...doc.instances, ...doc.externalHosts].map((n) => n.id);
  const containers = [...doc.vpcs, ...doc.subnets].map((n) => n.id);
  const targets = doc.instances.flatMap((i) => [i.id, ...i.enis.map((e) => e.id)]);
  const groups = doc.securityGroups.map((g) => g.id);
  // Newest first, so that groups created earlier in the session get renamed and deleted too.
  const newest = [...groups].reverse();
  const name = NAMES[it.name] as string;
  switch (OPS[it.op] ?? 'add') {
    case 'add': {
      const kind = KINDS[it.a % KINDS.length] as NewNodeKind;
      const at = { x: it.dx * 10, y: it.dy * 10 };
      // Mostly a parent of the kind the node needs, sometimes any container, sometimes none.
      const fitting = kind === 'instance' ? doc.subnets : kind === 'subnet' || kind === 'igw' ? doc.vpcs : [];
      if (it.b % 6 === 0) return { type: 'node.add', kind, at, parentId: pick(containers, it.c) };
      if (fitting.length === 0 || it.b % 6 === 1) return { type: 'node.add', kind, at };
      return { type: 'node.add', kind, at, parentId: pick(fitting.map((n) => n.id), it.c) };
    }
    case 'move':
      return { type: 'nodes.move', ids: [pick(nodes, it.a), pick(nodes, it.b)].filter((x) => x !== 'nope-1' || it.c % 7 === 0), dx: it.dx, dy: it.dy };
    case 'delete':
      return { type: 'nodes.delete', ids: [pick(nodes, it.a)] };
    case 'duplicate':
      return { type: 'nodes.duplicate', ids: [pick(it.c % 4 === 0 ? nodes : copyable, it.a)], offset: { x: it.dx, y: it.dy } };
    case 'rename':
      return { type: 'node.rename', id: pick(nodes, it.a), name };
    case 'attach':
      return { type: 'group.attach', target: pick(targets, it.a), groupId: pick(groups, it.b) };
    case 'detach':
      return { type: 'group.detach', target: pick(targets, it.a), groupId: pick(groups, it.b) };
    case 'create':
      return { type: 'group.create', vpcId: pick(doc.vpcs.map((v) => v.id), it.a), name: `${name}${it.c % 3 === 0 ? '' : it.c}` };
    case 'regroup':
      return { type: 'group.rename', groupId: pick(newest, it.a), name };
    case 'ungroup':
      return { type: 'group.delete', groupId: pick(newest, it.a) };
  }
}

/** The domain edit a step stands for; ids are branded here as the engine does for commands. */
export function applyStep(doc: NetworkDocument, s: Step): TopologyResult {
  switch (s.type) {
    case 'node.add':
      return addNode(doc, s.kind, s.at, s.parentId);
    case 'nodes.move':
      return moveNodes(doc, s.ids, s.dx, s.dy);
    case 'nodes.delete':
      return deleteNodes(doc, s.ids);
    case 'nodes.duplicate':
      return duplicateNodes(doc, s.ids, s.offset);
    case 'node.rename':
      return renameNode(doc, s.id, s.name);
    case 'group.attach':
      return attachGroup(doc, s.target as EniId | InstanceId, s.groupId as SecurityGroupId);
    case 'group.detach':
      return detachGroup(doc, s.target as EniId | InstanceId, s.groupId as SecurityGroupId);
    case 'group.create':
      return createGroup(doc, s.vpcId as VpcId, s.name);
    case 'group.rename':
      return renameGroup(doc, s.groupId as SecurityGroupId, s.name);
    case 'group.delete':
      return deleteGroup(doc, s.groupId as SecurityGroupId);
  }
}
