/**
 * A document written back as scenario file v1, the inverse of `parseDocument`: the same data,
 * except that each security group rule's `peer` becomes the name the file (like AWS) gives it,
 * `source` in an inbound rule and `destination` in an outbound one, in the groups' lists and in
 * add-rule changes alike. Pure data in, pure data out (sharing the parts it does not rename with
 * `doc`): `JSON.stringify` it to save. `parseDocument(toScenarioFile(doc))` gives `doc` back.
 */
import type { NetworkDocument, RuleChange, SecurityGroup, SgRule, TrafficItem } from './document';
import type { ScenarioFile } from './schema';

export type { ScenarioFile } from './schema';

type FileGroup = ScenarioFile['securityGroups'][number];
type FileInboundRule = FileGroup['inbound'][number];
type FileOutboundRule = FileGroup['outbound'][number];
type FileTrafficItem = ScenarioFile['traffic'][number];

function inboundRule({ peer, ...rule }: SgRule): FileInboundRule {
  return { ...rule, source: peer };
}

function outboundRule({ peer, ...rule }: SgRule): FileOutboundRule {
  return { ...rule, destination: peer };
}

function fileGroup(g: SecurityGroup): FileGroup {
  return { ...g, inbound: g.inbound.map(inboundRule), outbound: g.outbound.map(outboundRule) };
}

function fileRuleChange({ rule, ...change }: RuleChange): FileTrafficItem {
  // A change without a rule (remove-rule) stays without the field, as the file had it.
  if (change.direction === 'inbound') return { ...change, direction: 'inbound', ...(rule ? { rule: inboundRule(rule) } : {}) };
  return { ...change, direction: 'outbound', ...(rule ? { rule: outboundRule(rule) } : {}) };
}

function fileTrafficItem(t: TrafficItem): FileTrafficItem {
  switch (t.kind) {
    case 'add-rule':
    case 'remove-rule':
      return fileRuleChange(t);
    default:
      return t;
  }
}

export function toScenarioFile(doc: NetworkDocument): ScenarioFile {
  return { ...doc, securityGroups: doc.securityGroups.map(fileGroup), traffic: doc.traffic.map(fileTrafficItem) };
}
