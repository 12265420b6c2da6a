/**
 * Checks that compare one part of a document with another: references that must exist, ids that
 * must be unique (one namespace for the whole document), addresses that must sit inside their
 * blocks, and AWS's quotas. It trusts the shape (run it after the schema) and never throws, so a
 * half-broken document yields a list of problems rather than a crash.
 */
import { cidrContains, cidrWithin, parseCidr, parseIp, type Cidr, type IpAddress } from './addr';
import { reservedAddressRole } from './defaults';
import type { NaclRule, NetworkDocument, SgRule } from './document';
import { formatPath, show, type DocumentIssue, type PathPart } from './issuePath';
import { checkEniGroupCount, checkNaclQuota, checkQuotaProduct, checkRuleQuota } from './quotas';
import { resolveSettings } from './settings';
import { duplicateRuleNumbers, naclRuleProblems, reportRuleProblems, sgRuleProblems, type Report, type RuleRefs } from './validateRules';
import { checkTraffic } from './validateTraffic';

export { checkEniGroupCount, checkGroupQuota, checkNaclQuota, checkQuotaProduct, checkRuleQuota, ruleWeight } from './quotas';
export { duplicateRuleNumbers, naclRuleProblems, sgRuleProblems, type RuleProblem } from './validateRules';

// Addresses no public IP can have: RFC 1918, shared address space, loopback, link-local, "this network".
const NOT_PUBLIC = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '0.0.0.0/8'].flatMap((t) => {
  const c = parseCidr(t);
  return c.ok ? [c.value] : [];
});

function cidrOrNull(text: string | undefined): Cidr | null {
  if (text === undefined) return null;
  const r = parseCidr(text);
  return r.ok ? r.value : null;
}

function ipOrNull(text: string | undefined): IpAddress | null {
  if (text === undefined) return null;
  const r = parseIp(text);
  return r.ok ? r.value : null;
}

export function validateDocument(doc: NetworkDocument): DocumentIssue[] {
  const issues: DocumentIssue[] = [];
  const report: Report = (path, message) => issues.push({ path, message });
  const settings = resolveSettings(doc.settings);

  checkIds(doc, report);
  checkSettings(doc, report);

  const vpcs = new Map(doc.vpcs.map((v) => [v.id as string, v]));
  const nacls = new Map(doc.networkAcls.map((a) => [a.id as string, a]));
  const unknown = (path: PathPart[], id: string, what: string) => report(path, `${show(id)} is not the id of any ${what}`);

  doc.internetGateways.forEach((g, i) => {
    if (!vpcs.has(g.vpcId)) unknown(['internetGateways', i, 'vpcId'], g.vpcId, 'VPC');
    const first = doc.internetGateways.findIndex((o) => o.vpcId === g.vpcId);
    if (first < i) report(['internetGateways', i, 'vpcId'], `${show(g.vpcId)} already has an internet gateway (internetGateways[${first}])`);
  });

  const subnetBlocks = new Map<string, { cidr: Cidr | null; ipv6: Cidr | null }>();
  doc.subnets.forEach((s, i) => {
    const at = ['subnets', i];
    const cidr = cidrOrNull(s.cidr);
    const ipv6 = cidrOrNull(s.ipv6Cidr);
    subnetBlocks.set(s.id, { cidr, ipv6 });
    const vpc = vpcs.get(s.vpcId);
    if (!vpc) unknown([...at, 'vpcId'], s.vpcId, 'VPC');
    else {
      const vpcCidr = cidrOrNull(vpc.cidr);
      if (cidr && vpcCidr && !cidrWithin(cidr, vpcCidr)) report([...at, 'cidr'], `${show(s.cidr)} is not inside ${vpc.id} (${vpc.cidr})`);
      const vpcV6 = cidrOrNull(vpc.ipv6Cidr);
      if (s.ipv6Cidr !== undefined && !vpcV6) report([...at, 'ipv6Cidr'], `${show(s.ipv6Cidr)} needs an IPv6 block on ${vpc.id}, which has none`);
      else if (ipv6 && vpcV6 && !cidrWithin(ipv6, vpcV6)) report([...at, 'ipv6Cidr'], `${show(s.ipv6Cidr)} is not inside ${vpc.id} (${vpc.ipv6Cidr ?? ''})`);
    }
    // Overlapping subnets would make "which subnet holds this address" ambiguous; AWS refuses them.
    doc.subnets.slice(0, i).forEach((o, j) => {
      const other = cidrOrNull(o.cidr);
      if (o.vpcId === s.vpcId && cidr && other && (cidrWithin(cidr, other) || cidrWithin(other, cidr))) {
        report([...at, 'cidr'], `${show(s.cidr)} overlaps subnets[${j}] (${o.cidr})`);
      }
    });
    const acl = nacls.get(s.networkAclId);
    if (!acl) unknown([...at, 'networkAclId'], s.networkAclId, 'network ACL');
    else if (acl.vpcId !== s.vpcId) report([...at, 'networkAclId'], `${show(s.networkAclId)} belongs to ${acl.vpcId}, but this subnet is in ${s.vpcId}`);
  });

  const refs: RuleRefs = {
    groups: new Map(doc.securityGroups.map((g) => [g.id as string, g])),
    prefixLists: new Map(doc.prefixLists.map((p) => [p.id as string, p])),
  };
  checkInterfaces(doc, report, settings, refs, subnetBlocks);

  doc.securityGroups.forEach((g, i) => {
    if (!vpcs.has(g.vpcId)) unknown(['securityGroups', i, 'vpcId'], g.vpcId, 'VPC');
    for (const dir of ['inbound', 'outbound'] as const) {
      const rules: SgRule[] = g[dir];
      rules.forEach((r, j) => reportRuleProblems(report, ['securityGroups', i, dir, j], sgRuleProblems(r, dir, g.vpcId, refs)));
      const quota = checkRuleQuota(rules, dir, settings, doc.prefixLists);
      if (quota) report(['securityGroups', i, dir], quota);
    }
  });

  doc.networkAcls.forEach((a, i) => {
    if (!vpcs.has(a.vpcId)) unknown(['networkAcls', i, 'vpcId'], a.vpcId, 'VPC');
    for (const dir of ['inbound', 'outbound'] as const) {
      const rules: NaclRule[] = a[dir];
      rules.forEach((r, j) => reportRuleProblems(report, ['networkAcls', i, dir, j], naclRuleProblems(r)));
      for (const d of duplicateRuleNumbers(rules, dir)) report(['networkAcls', i, dir, d.index, 'ruleNumber'], d.message);
      const quota = checkNaclQuota(rules, dir, settings);
      if (quota) report(['networkAcls', i, dir], quota);
    }
  });

  doc.prefixLists.forEach((p, i) => {
    p.entries.forEach((e, j) => {
      const r = parseCidr(e.cidr, p.family);
      if (!r.ok) report(['prefixLists', i, 'entries', j, 'cidr'], `${r.error}; this prefix list is IPv${p.family}`);
    });
    if (p.entries.length > p.maxEntries) report(['prefixLists', i, 'entries'], `${p.entries.length} entries, more than maxEntries (${p.maxEntries})`);
  });

  checkTraffic(doc, report, refs);
  return issues;
}

/** Every id in one namespace, so that a reference can never be read two ways. */
function checkIds(doc: NetworkDocument, report: Report): void {
  const seen = new Map<string, PathPart[]>();
  const claim = (path: PathPart[], id: string | undefined) => {
    if (id === undefined) return;
    const first = seen.get(id);
    if (first) report(path, `${show(id)} is already the id of ${formatPath(first.slice(0, -1))}`);
    else seen.set(id, path);
  };
  const lists = ['vpcs', 'internetGateways', 'subnets', 'networkAcls', 'securityGroups', 'prefixLists', 'instances', 'externalHosts'] as const;
  for (const list of lists) doc[list].forEach((item, i) => claim([list, i, 'id'], item.id));
  doc.instances.forEach((inst, i) => inst.enis.forEach((e, j) => claim(['instances', i, 'enis', j, 'id'], e.id)));
  doc.traffic.forEach((t, i) => claim(['traffic', i, 'id'], t.id));
}

function checkSettings(doc: NetworkDocument, report: Report): void {
  const s = doc.settings;
  if (!s) return;
  if (s.ephemeralFrom !== undefined || s.ephemeralTo !== undefined) {
    const { ephemeralFrom, ephemeralTo } = resolveSettings(s);
    if (ephemeralFrom > ephemeralTo) report(['settings'], `ephemeral port range ${ephemeralFrom}-${ephemeralTo} is reversed`);
  }
  const product = checkQuotaProduct(s);
  if (product) report(['settings'], product);
}

function checkInterfaces(
  doc: NetworkDocument,
  report: Report,
  settings: ReturnType<typeof resolveSettings>,
  refs: RuleRefs,
  blocks: ReadonlyMap<string, { cidr: Cidr | null; ipv6: Cidr | null }>,
): void {
  const subnets = new Map(doc.subnets.map((s) => [s.id as string, s]));
  // One table for every address in the document: two holders of one address make routing ambiguous.
  const owners = new Map<string, string>();
  const own = (path: PathPart[], text: string | undefined, holder: string) => {
    const a = ipOrNull(text);
    if (!a) return;
    const k = a.family === 4 ? `4:${a.v4}` : `6:${a.v6}`;
    const first = owners.get(k);
    if (first !== undefined) report(path, `${show(text)} is already used by ${first}`);
    else owners.set(k, holder);
  };
  const inBlock = (path: PathPart[], text: string | undefined, block: Cidr | null, what: string) => {
    const a = ipOrNull(text);
    if (!a || !block) return;
    if (!cidrContains(block, a)) report(path, `${show(text)} is not inside ${what} (${block.text})`);
    else {
      const role = reservedAddressRole(block, a);
      if (role) report(path, `${show(text)} is reserved by AWS in ${block.text} (${role})`);
    }
  };

  doc.instances.forEach((inst, i) =>
    inst.enis.forEach((e, j) => {
      const at = ['instances', i, 'enis', j];
      const holder = formatPath(at);
      const subnet = subnets.get(e.subnetId);
      const block = blocks.get(e.subnetId);
      if (!subnet) report([...at, 'subnetId'], `${show(e.subnetId)} is not the id of any subnet`);
      else {
        inBlock([...at, 'privateIp'], e.privateIp, block?.cidr ?? null, `subnet ${subnet.id}`);
        if (e.ipv6 !== undefined && !block?.ipv6) report([...at, 'ipv6'], `${show(e.ipv6)} needs an IPv6 block on subnet ${subnet.id}, which has none`);
        else inBlock([...at, 'ipv6'], e.ipv6, block?.ipv6 ?? null, `subnet ${subnet.id}`);
      }
      own([...at, 'privateIp'], e.privateIp, holder);
      own([...at, 'ipv6'], e.ipv6, holder);
      const pub = ipOrNull(e.publicIp);
      const privateBlock = pub ? NOT_PUBLIC.find((b) => cidrContains(b, pub)) : undefined;
      if (privateBlock) report([...at, 'publicIp'], `${show(e.publicIp)} is not a public address (it is in ${privateBlock.text})`);
      own([...at, 'publicIp'], e.publicIp, holder);

      e.securityGroupIds.forEach((g, k) => {
        const path = [...at, 'securityGroupIds', k];
        const group = refs.groups.get(g);
        if (e.securityGroupIds.indexOf(g) < k) report(path, `${show(g)} is listed twice`);
        else if (!group) report(path, `${show(g)} is not the id of any security group`);
        else if (subnet && group.vpcId !== subnet.vpcId) report(path, `${show(g)} belongs to ${group.vpcId}, but this interface is in ${subnet.vpcId}`);
      });
      const quota = checkEniGroupCount(e.securityGroupIds, settings);
      if (quota) report([...at, 'securityGroupIds'], quota);
    }),
  );
  doc.externalHosts.forEach((h, i) => {
    own(['externalHosts', i, 'ipv4'], h.ipv4, `externalHosts[${i}]`);
    own(['externalHosts', i, 'ipv6'], h.ipv6, `externalHosts[${i}]`);
  });
}
