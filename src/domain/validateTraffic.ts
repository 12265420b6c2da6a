/**
 * Checks on the traffic script and the expectations: who sends to whom, what a request asks for,
 * which group or NACL a change edits, and which traffic item an expectation is about.
 */
import type { NetworkDocument } from './document';
import { show, type PathPart } from './issuePath';
import { ALL, TCP, UDP, protocolNumber } from './protocol';
import { naclRuleProblems, reportRuleProblems, sgRuleProblems, type Report, type RuleRefs } from './validateRules';

export function checkTraffic(doc: NetworkDocument, report: Report, refs: RuleRefs): void {
  const nodes = new Set<string>([...doc.instances.map((n) => n.id), ...doc.externalHosts.map((n) => n.id)]);
  const nacls = new Set<string>(doc.networkAcls.map((a) => a.id));

  const endpoints = (at: PathPart[], from: string, to: string) => {
    if (!nodes.has(from)) report([...at, 'from'], `${show(from)} is not the id of any instance or external host`);
    if (!nodes.has(to)) report([...at, 'to'], `${show(to)} is not the id of any instance or external host`);
    if (from === to) report([...at, 'to'], `${show(to)} is also the sender: a host can't send to itself`);
  };
  // Traffic is one packet or one exchange, so "-1 (all protocols)" can't describe it.
  const oneProtocol = (path: PathPart[], text: string | undefined): number | null => {
    if (text === undefined) return null;
    const n = protocolNumber(text);
    if (n === ALL) report(path, `${show(text)} means all protocols; traffic needs one protocol`);
    return n;
  };

  doc.traffic.forEach((t, i) => {
    const at: PathPart[] = ['traffic', i];
    switch (t.kind) {
      case 'request': {
        endpoints(at, t.from, t.to);
        const n = oneProtocol([...at, 'protocol'], t.protocol);
        if (t.service === undefined && t.protocol === undefined) report(at, 'a request needs a service or a protocol');
        else if (t.service !== undefined && t.protocol !== undefined) report(at, 'give a service or a protocol, not both');
        else if ((n === TCP || n === UDP) && t.port === undefined) report([...at, 'port'], `is missing (a ${t.protocol ?? ''} request needs a port)`);
        break;
      }
      case 'packet':
        endpoints(at, t.from, t.to);
        oneProtocol([...at, 'protocol'], t.protocol);
        break;
      case 'add-rule':
      case 'remove-rule': {
        const group = refs.groups.get(t.groupId);
        if (!group) report([...at, 'groupId'], `${show(t.groupId)} is not the id of any security group`);
        if (t.kind === 'add-rule') {
          if (!t.rule) report([...at, 'rule'], 'is missing (an add-rule change needs the rule to add)');
          else if (group) reportRuleProblems(report, [...at, 'rule'], sgRuleProblems(t.rule, t.direction, group.vpcId, refs));
        } else if (t.index === undefined) report([...at, 'index'], 'is missing (a remove-rule change needs the position of the rule to remove)');
        break;
      }
      case 'add-nacl-rule':
      case 'remove-nacl-rule':
        if (!nacls.has(t.networkAclId)) report([...at, 'networkAclId'], `${show(t.networkAclId)} is not the id of any network ACL`);
        if (t.kind === 'add-nacl-rule') {
          if (!t.rule) report([...at, 'rule'], 'is missing (an add-nacl-rule change needs the rule to add)');
          else reportRuleProblems(report, [...at, 'rule'], naclRuleProblems(t.rule));
        } else if (t.ruleNumber === undefined) report([...at, 'ruleNumber'], 'is missing (a remove-nacl-rule change needs the number of the rule to remove)');
        break;
    }
  });

  const trafficIds = new Set(doc.traffic.flatMap((t) => (t.id === undefined ? [] : [t.id])));
  doc.expectations.forEach((e, i) => {
    if (!trafficIds.has(e.traffic)) report(['expectations', i, 'traffic'], `${show(e.traffic)} is not the id of any traffic item`);
    if (e.hop !== undefined && e.verdict === 'allowed') report(['expectations', i, 'hop'], `${show(e.hop)} names where a packet is dropped, but this expectation says allowed`);
  });
}
