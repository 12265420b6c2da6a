/**
 * Every change a person (or a test, or an import) can make to the document, as data: the one
 * write path of design.md. A command names its edit with a dotted type and carries plain-string
 * ids, because it arrives from the canvas, the panels and the test hook as JSON-like values;
 * `applyCommand` hands it to the pure domain edit, which looks every id up and refuses unknown
 * ones, and that lookup is what makes the branding below honest.
 */
import type { LayoutEntry, NaclRule, NetworkDocument, Point, SgRule } from '../domain/document';
import { addNaclRule, addSgRule, removeNaclRule, removeSgRule, replaceNaclRule, replaceSgRule } from '../domain/edit';
import type { EniId, InstanceId, NaclId, SecurityGroupId, VpcId } from '../domain/ids';
import { parseCidr } from '../domain/addr';
import { formatIssue } from '../domain/issuePath';
import { protocolNumber } from '../domain/protocol';
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
} from '../domain/topologyEdit';
import { validateDocument } from '../domain/validate';

type Direction = 'inbound' | 'outbound';

export type Command =
  | { type: 'node.add'; kind: NewNodeKind; at: LayoutEntry; parentId?: string | undefined }
  | { type: 'nodes.move'; ids: readonly string[]; dx: number; dy: number }
  | { type: 'nodes.delete'; ids: readonly string[] }
  | { type: 'nodes.duplicate'; ids: readonly string[]; offset: Point }
  | { type: 'node.rename'; id: string; name: string }
  /** `target` is an ENI id, or an instance id for the instance's first ENI. */
  | { type: 'group.attach'; target: string; groupId: string }
  | { type: 'group.detach'; target: string; groupId: string }
  | { type: 'group.create'; vpcId: string; name: string }
  | { type: 'group.rename'; groupId: string; name: string }
  | { type: 'group.delete'; groupId: string }
  | { type: 'sg-rule.add'; groupId: string; direction: Direction; rule: SgRule }
  | { type: 'sg-rule.remove'; groupId: string; direction: Direction; index: number }
  /** An in-place edit of the rule at `index` (the editors' one undo step per committed row). */
  | { type: 'sg-rule.replace'; groupId: string; direction: Direction; index: number; rule: SgRule }
  | { type: 'nacl-rule.add'; networkAclId: string; direction: Direction; rule: NaclRule }
  | { type: 'nacl-rule.remove'; networkAclId: string; direction: Direction; ruleNumber: number }
  /** Rule `ruleNumber` becomes `rule`, which may carry a new number. */
  | { type: 'nacl-rule.replace'; networkAclId: string; direction: Direction; ruleNumber: number; rule: NaclRule }
  | { type: 'document.replace'; document: NetworkDocument };

export type CommandType = Command['type'];

/** An id from outside, branded for the domain edit that will look it up. */
const id = <T extends string>(text: string): T => text as T;

function edit(doc: NetworkDocument, cmd: Command): TopologyResult {
  switch (cmd.type) {
    case 'node.add':
      return addNode(doc, cmd.kind, cmd.at, cmd.parentId);
    case 'nodes.move':
      return moveNodes(doc, cmd.ids, cmd.dx, cmd.dy);
    case 'nodes.delete':
      return deleteNodes(doc, cmd.ids);
    case 'nodes.duplicate':
      return duplicateNodes(doc, cmd.ids, cmd.offset);
    case 'node.rename':
      return renameNode(doc, cmd.id, cmd.name);
    case 'group.attach':
      return attachGroup(doc, id<EniId | InstanceId>(cmd.target), id<SecurityGroupId>(cmd.groupId));
    case 'group.detach':
      return detachGroup(doc, id<EniId | InstanceId>(cmd.target), id<SecurityGroupId>(cmd.groupId));
    case 'group.create':
      return createGroup(doc, id<VpcId>(cmd.vpcId), cmd.name);
    case 'group.rename':
      return renameGroup(doc, id<SecurityGroupId>(cmd.groupId), cmd.name);
    case 'group.delete':
      return deleteGroup(doc, id<SecurityGroupId>(cmd.groupId));
    case 'sg-rule.add': {
      const shape = sgRuleShape(cmd.rule);
      return shape ? { ok: false, error: shape } : addSgRule(doc, id<SecurityGroupId>(cmd.groupId), cmd.direction, cmd.rule);
    }
    case 'sg-rule.remove':
      return removeSgRule(doc, id<SecurityGroupId>(cmd.groupId), cmd.direction, cmd.index);
    case 'nacl-rule.add': {
      const shape = naclRuleShape(cmd.rule);
      return shape ? { ok: false, error: shape } : addNaclRule(doc, id<NaclId>(cmd.networkAclId), cmd.direction, cmd.rule);
    }
    case 'nacl-rule.remove':
      return removeNaclRule(doc, id<NaclId>(cmd.networkAclId), cmd.direction, cmd.ruleNumber);
    case 'sg-rule.replace': {
      const shape = sgRuleShape(cmd.rule);
      return shape ? { ok: false, error: shape } : replaceSgRule(doc, id<SecurityGroupId>(cmd.groupId), cmd.direction, cmd.index, cmd.rule);
    }
    case 'nacl-rule.replace': {
      const shape = naclRuleShape(cmd.rule);
      return shape ? { ok: false, error: shape } : replaceNaclRule(doc, id<NaclId>(cmd.networkAclId), cmd.direction, cmd.ruleNumber, cmd.rule);
    }
    case 'document.replace':
      return { ok: true, document: cmd.document };
  }
}

const isPort = (n: number | undefined): boolean => n === undefined || (Number.isInteger(n) && n >= 0 && n <= 65535);

/** What the file schema would refuse in a hand-made rule; the validator assumes the shape holds. */
function fieldShape(rule: Pick<SgRule, 'protocol' | 'fromPort' | 'toPort'>): string | null {
  if (protocolNumber(rule.protocol) === null) return `"${rule.protocol}" is not a protocol (tcp, udp, icmp, icmpv6, -1 or 0-255)`;
  if (!isPort(rule.fromPort) || !isPort(rule.toPort)) return 'Ports must be whole numbers from 0 to 65535';
  return null;
}

function sgRuleShape(rule: SgRule): string | null {
  const peer = rule.peer.trim();
  if (!peer.startsWith('sg-') && !peer.startsWith('pl-')) {
    const cidr = parseCidr(peer);
    if (!cidr.ok) return `${cidr.error}; a rule's other side is a CIDR, a security group (sg-…) or a prefix list (pl-…)`;
  }
  return fieldShape(rule);
}

function naclRuleShape(rule: NaclRule): string | null {
  if (!Number.isInteger(rule.ruleNumber) || rule.ruleNumber < 1 || rule.ruleNumber > 32766) {
    return `Rule number ${rule.ruleNumber} is out of range: AWS takes whole numbers from 1 to 32766`;
  }
  const cidr = parseCidr(rule.cidr);
  return cidr.ok ? fieldShape(rule) : cidr.error;
}

/** Only the layout changes: nothing the validator reads, and a drag sends many of them. */
const LAYOUT_ONLY: ReadonlySet<CommandType> = new Set(['nodes.move']);

/**
 * The command applied to `doc`, or why not. A safety net stands behind every domain edit: a
 * result with a problem the document did not already have is refused with that problem, so the
 * store can never hold a document that a file could not hold (a loaded document must be valid
 * as a whole).
 */
export function applyCommand(doc: NetworkDocument, cmd: Command): TopologyResult {
  const result = edit(doc, cmd);
  if (!result.ok || result.document === doc || LAYOUT_ONLY.has(cmd.type)) return result;
  const known = cmd.type === 'document.replace' ? new Set<string>() : new Set(validateDocument(doc).map((i) => i.message));
  const fresh = validateDocument(result.document).filter((i) => !known.has(i.message));
  if (fresh.length === 0) return result;
  // A whole document's problems need their place named; a single edit's problem is about the edit.
  if (cmd.type === 'document.replace') return { ok: false, error: `This document can't be loaded: ${summary(fresh.map(formatIssue))}` };
  return { ok: false, error: `That change would break the document: ${summary(fresh.map((i) => i.message))}` };
}

/** The first few problems: one broken reference can cause a dozen, and a message must stay readable. */
function summary(messages: readonly string[]): string {
  const shown = messages.slice(0, 3).join('; ');
  return messages.length > 3 ? `${shown} (and ${messages.length - 3} more)` : shown;
}
