/**
 * The checkpoints at a subnet's edge (its network ACL, rules 28-37) and at the VPC's edge (the
 * internet gateway and its 1:1 NAT, rule 39).
 */
import type { IpAddress } from './addr';
import type { HopName } from './document';
import type { NaclId, VpcId } from './ids';
import type { EniInfo, Model } from './model';
import { evaluateNacl, describeNaclRule, type CompiledNacl, type CompiledNaclRule } from './nacl';
import type { Direction, Packet } from './packet';
import { TCP } from './protocol';
import { hopResult, memo, type HopContext, type HopOutcome, type HopResult, type Verdict } from './verdict';

function withAddress(p: Packet, field: 'src' | 'dst', a: IpAddress): Packet {
  return field === 'src' ? { ...p, src: a } : { ...p, dst: a };
}

/** A NACL rule's texts, by the name of the subnet it was met at. */
const naclRuleTexts = new WeakMap<CompiledNaclRule, Map<string, { decidedBy: string; explanation: string }>>();

function naclTexts(acl: CompiledNacl, r: CompiledNaclRule, direction: Direction, subjectName: string): { decidedBy: string; explanation: string } {
  let bySubnet = naclRuleTexts.get(r);
  if (!bySubnet) naclRuleTexts.set(r, (bySubnet = new Map()));
  let t = bySubnet.get(subjectName);
  if (!t) {
    const where = direction === 'inbound' ? `into subnet ${subjectName}` : `out of subnet ${subjectName}`;
    t = {
      decidedBy: `${acl.name} rule ${describeNaclRule(r.rule)}`,
      explanation: r.action === 'allow'
        ? `Network ACL ${acl.name} rule ${r.ruleNumber} allows this packet ${where} (the first matching rule decides).`
        : `Network ACL ${acl.name} rule ${r.ruleNumber} denies this packet ${where}; it is the lowest-numbered rule that matches.`,
    };
    bySubnet.set(subjectName, t);
  }
  return t;
}

/** The internet gateway's words for an ENI's translation, checked against the address they quote. */
const natTexts = { out: new WeakMap<EniInfo, { quoted: string; text: string }>(), in: new WeakMap<EniInfo, { quoted: string; text: string }>() };

function natText(way: 'out' | 'in', eni: EniInfo, quoted: IpAddress, translated: IpAddress): string {
  const cache = natTexts[way];
  const t = cache.get(eni);
  if (t && t.quoted === quoted.text) return t.text;
  const text = way === 'out'
    ? `The internet gateway translates the source ${quoted.text} to the public address ${translated.text}.`
    : `The internet gateway translates the destination ${quoted.text} to the private address ${translated.text}; groups and NACLs see the private address.`;
  cache.set(eni, { quoted: quoted.text, text });
  return text;
}

type VpcInfo = Model['vpcs'] extends Map<VpcId, infer V> ? V : never;
const vpcNames = new WeakMap<VpcInfo, string>();
const vpcName = (v: VpcInfo): string => `VPC ${v.vpc.name}`;

export function naclHop(ctx: HopContext, eni: EniInfo, direction: Direction, p: Packet): HopResult {
  const subnet = ctx.model.subnets.get(eni.subnetId);
  const acl = subnet ? ctx.model.nacls.get(subnet.subnet.networkAclId) : undefined;
  const hop: HopName = direction === 'inbound' ? 'nacl-in' : 'nacl-out';
  const subjectId = subnet?.subnet.id ?? eni.subnetId;
  const subjectName = subnet?.subnet.name ?? eni.subnetId;
  if (!acl) {
    return {
      hop, subjectId, subjectName, direction, verdict: 'drop', packet: p, tracking: [],
      decidedBy: { kind: 'nacl-star', naclId: '' as NaclId, ruleNumber: 32767, text: 'no network ACL' },
      explanation: `Subnet ${subjectName} has no network ACL associated, so nothing is allowed through it.`,
    };
  }
  const d = evaluateNacl(acl, direction, p);
  if (d.kind === 'star') {
    const where = direction === 'inbound' ? `into subnet ${subjectName}` : `out of subnet ${subjectName}`;
    return {
      hop, subjectId, subjectName, direction, verdict: 'drop', packet: p, tracking: [],
      decidedBy: { kind: 'nacl-star', naclId: acl.id, ruleNumber: d.ruleNumber, text: `${acl.name} rule * (deny)` },
      explanation: `No numbered rule of network ACL ${acl.name} matches this packet ${where}, so the * rule denies it. NACLs are stateless: a reply needs its own rule${direction === 'outbound' ? ', usually for the client\'s ephemeral ports 1024-65535' : ''}.`,
    };
  }
  const r = d.rule;
  const texts = naclTexts(acl, r, direction, subjectName);
  return {
    hop, subjectId, subjectName, direction, verdict: r.action === 'allow' ? 'allow' : 'drop', packet: p, tracking: [],
    decidedBy: { kind: 'nacl-rule', naclId: acl.id, ruleNumber: r.ruleNumber, action: r.action, rule: r.rule, text: texts.decidedBy },
    explanation: texts.explanation,
  };
}

export function igwHop(ctx: HopContext, vpcId: VpcId, way: 'out' | 'in', p: Packet): HopOutcome {
  const vpc = ctx.model.vpcs.get(vpcId);
  const name = vpc?.vpc.name ?? vpcId;
  const subjectName = vpc ? memo(vpcNames, vpc, vpcName) : `VPC ${name}`;
  const subjectId = vpc?.igw ?? vpcId;
  const direction: Direction = way === 'out' ? 'outbound' : 'inbound';
  if (!vpc?.igw) {
    return igwOutcome(subjectId, subjectName, direction, p, 'drop', `VPC ${name} has no internet gateway, so traffic can't ${way === 'out' ? 'leave for' : 'arrive from'} the internet.`, p);
  }
  if (way === 'out') {
    if (ctx.model.settings.blockOutboundSmtp && p.protocol === TCP && p.dstPort === 25) {
      return igwOutcome(subjectId, subjectName, direction, p, 'drop', 'EC2 blocks outbound traffic on port 25 to the internet by default.', p);
    }
    if (p.family === 6) {
      return igwOutcome(subjectId, subjectName, direction, p, 'allow', `The internet gateway forwards IPv6 ${p.src.text} unchanged (IPv6 is not translated).`, p);
    }
    const eni = ctx.model.eniByAddress.get(p.src.v4);
    if (!eni?.publicIp) {
      return igwOutcome(subjectId, subjectName, direction, p, 'drop', `${p.src.text} has no public IPv4 address, so the internet gateway can't translate it and the packet can't reach the internet.`, p);
    }
    return igwOutcome(subjectId, subjectName, direction, p, 'allow', natText('out', eni, p.src, eni.publicIp), withAddress(p, 'src', eni.publicIp));
  }
  if (p.family === 6) {
    return igwOutcome(subjectId, subjectName, direction, p, 'allow', `The internet gateway forwards IPv6 ${p.dst.text} unchanged.`, p);
  }
  const eni = ctx.model.eniByPublicIp.get(p.dst.v4);
  if (!eni) {
    return igwOutcome(subjectId, subjectName, direction, p, 'drop', `${p.dst.text} is not a public address of this VPC: private addresses can't be reached from the internet.`, p);
  }
  return igwOutcome(subjectId, subjectName, direction, p, 'allow', natText('in', eni, p.dst, eni.privateIp), withAddress(p, 'dst', eni.privateIp));
}

/** The internet gateway's verdict explains itself in the words that decided it. */
function igwOutcome(subjectId: string, subjectName: string, direction: Direction, seen: Packet, verdict: Verdict, text: string, packet: Packet): HopOutcome {
  return { result: hopResult('igw', subjectId, subjectName, direction, seen, [], verdict, { kind: 'igw', text }, text), packet };
}
