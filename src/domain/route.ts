/**
 * Which checkpoints a packet meets (the path of section 2 of the reference semantics): the
 * sender's security group, the NACL of each subnet it leaves and enters (never inside one subnet,
 * rule 35), the internet gateway with its 1:1 NAT (rule 39) and the receiver's security group.
 */
import type { IpAddress } from './addr';
import { addressKey, type EniInfo, type Model, type NodeInfo } from './model';
import type { NodeId, VpcId } from './ids';
import type { AddressChoice } from './document';

export type Hop =
  | { name: 'sg-egress'; eni: EniInfo }
  | { name: 'nacl-out'; eni: EniInfo }
  | { name: 'igw'; way: 'out' | 'in'; vpcId: VpcId }
  | { name: 'nacl-in'; eni: EniInfo }
  | { name: 'sg-ingress'; eni: EniInfo };

export interface Route {
  src: IpAddress;
  dst: IpAddress;
  sender: NodeInfo;
  senderEni: EniInfo | null;
  /** The ENI the packet is addressed to, found by address (public addresses through the NAT table). */
  receiverEni: EniInfo | null;
  receiver: NodeInfo | null;
  hops: Hop[];
  /** Set when the destination is an AWS service that groups and NACLs never filter (rule 15). */
  notFiltered: string | null;
  /** One end stands for a service AWS always tracks (NAT gateway, NLB, ...: rule 24). */
  autoTracked: boolean;
}

export type RouteResult = { ok: true; route: Route } | { ok: false; error: string };

const LINK_LOCAL_SERVICES: Record<string, string> = {
  '169.254.169.254': 'instance metadata',
  '169.254.169.253': 'Amazon DNS',
  '169.254.169.123': 'Amazon Time Sync',
  '169.254.170.2': 'ECS task metadata',
  '169.254.169.250': 'Windows license activation',
  '169.254.169.251': 'Windows license activation',
};

/** The same services on the Nitro IPv6 endpoints. */
const IPV6_SERVICES: Record<string, string> = {
  'fd00:ec2::254': 'instance metadata',
  'fd00:ec2::253': 'Amazon DNS',
  'fd00:ec2::123': 'Amazon Time Sync',
};

/** AWS services at reserved addresses, which security groups and NACLs don't filter (rule 15). */
export function reservedService(model: Model, sender: EniInfo | null, dst: IpAddress): string | null {
  if (dst.family !== 4) return IPV6_SERVICES[dst.text] ?? null;
  const named = LINK_LOCAL_SERVICES[dst.text];
  if (named) return named;
  if (!sender) return null;
  const vpc = model.vpcs.get(sender.vpcId);
  if (!vpc) return null;
  if (dst.v4 === vpc.cidr.lo4 + 2) return 'Amazon DNS (VPC base + 2)';
  for (const s of model.subnets.values()) {
    if (s.subnet.vpcId === sender.vpcId && dst.v4 === s.cidr.lo4 + 1) return 'the VPC router (reserved address)';
  }
  return null;
}

/** The ENI of a multi-homed instance that faces the destination: the one whose subnet holds it. */
function pickEni(model: Model, node: NodeInfo & { kind: 'instance' }, dst: IpAddress): EniInfo | null {
  const target = model.eniByAddress.get(addressKey(dst));
  for (const e of node.enis) {
    const s = model.subnets.get(e.subnetId);
    if (s && dst.family === 4 && dst.v4 >= s.cidr.lo4 && dst.v4 <= s.cidr.hi4) return e;
  }
  if (target) for (const e of node.enis) if (e.vpcId === target.vpcId) return e;
  return node.enis[0] ?? null;
}

/** The address `from` would use to reach `to`. */
export function chooseDestination(model: Model, from: NodeId, to: NodeId, choice: AddressChoice | undefined): { ok: true; address: IpAddress } | { ok: false; error: string } {
  const a = model.nodes.get(from);
  const b = model.nodes.get(to);
  if (!a) return { ok: false, error: `no node has id "${from}"` };
  if (!b) return { ok: false, error: `no node has id "${to}"` };
  if (a.id === b.id) return { ok: false, error: `"${a.name}" can't send a packet to itself` };
  if (b.kind === 'external') {
    const addr = choice === 'ipv6' ? b.ipv6 : (b.ipv4 ?? b.ipv6);
    if (!addr) return { ok: false, error: `"${b.name}" has no ${choice === 'ipv6' ? 'IPv6' : 'IP'} address` };
    if (a.kind === 'external') return { ok: false, error: `"${a.name}" and "${b.name}" are both outside the VPC: no security group or NACL sees that traffic` };
    return { ok: true, address: addr };
  }
  const eni = b.enis[0];
  if (!eni) return { ok: false, error: `"${b.name}" has no network interface` };
  if (choice === 'ipv6') return eni.ipv6 ? { ok: true, address: eni.ipv6 } : { ok: false, error: `"${b.name}" has no IPv6 address` };
  const sameVpc = a.kind === 'instance' && a.enis.some((e) => e.vpcId === eni.vpcId);
  if (choice === 'private' || (choice === undefined && sameVpc)) return { ok: true, address: eni.privateIp };
  // From outside the VPC (or when asked), the public address; a host without one is addressed
  // by its private address, which the internet gateway then refuses with an explanation.
  return { ok: true, address: eni.publicIp ?? eni.privateIp };
}

/** The address `node` sends from to reach `dst`, or null when it has none of that IP version. */
export function sourceAddress(model: Model, node: NodeInfo, dst: IpAddress): IpAddress | null {
  if (node.kind === 'external') return dst.family === 4 ? node.ipv4 : node.ipv6;
  const eni = pickEni(model, node, dst);
  if (!eni) return null;
  return dst.family === 4 ? eni.privateIp : eni.ipv6;
}

/** The receiving ENI of a packet sent to `dst`, inside the VPC or through the NAT table. */
function receiverOf(model: Model, dst: IpAddress): { eni: EniInfo; viaPublic: boolean } | null {
  const direct = model.eniByAddress.get(addressKey(dst));
  if (direct) return { eni: direct, viaPublic: false };
  const nat = dst.family === 4 ? model.eniByPublicIp.get(dst.v4) : undefined;
  return nat ? { eni: nat, viaPublic: true } : null;
}

function nodeOfEni(model: Model, eni: EniInfo): NodeInfo | null {
  return model.nodes.get(eni.instance.id) ?? null;
}

function externalAt(model: Model, dst: IpAddress): NodeInfo | null {
  return model.externalByAddress.get(addressKey(dst)) ?? null;
}

/** Plans the hops of a packet that `sender` sends from `src` to `dst`. */
export function planRoute(model: Model, sender: NodeInfo, src: IpAddress, dst: IpAddress): RouteResult {
  const senderEni = sender.kind === 'instance' ? (model.eniByAddress.get(addressKey(src)) ?? null) : null;
  if (sender.kind === 'instance' && !senderEni) return { ok: false, error: `${src.text} is not an address of "${sender.name}"` };
  if (src.family !== dst.family) return { ok: false, error: `${src.text} and ${dst.text} are of different IP versions` };
  const base = { src, dst, sender, senderEni };
  const service = reservedService(model, senderEni, dst);
  if (service) {
    return { ok: true, route: { ...base, receiverEni: null, receiver: null, hops: [], notFiltered: service, autoTracked: automaticallyTracked(sender) } };
  }
  const target = receiverOf(model, dst);
  const receiver = target ? nodeOfEni(model, target.eni) : externalAt(model, dst);
  if (!target && sender.kind === 'external') {
    return { ok: false, error: `${dst.text} is outside every VPC: traffic between two internet hosts meets no security group or NACL` };
  }
  if (!target && !receiver) {
    return { ok: false, error: `no host in this network has the address ${dst.text}` };
  }
  const hops: Hop[] = [];
  if (senderEni) hops.push({ name: 'sg-egress', eni: senderEni });
  const inside = senderEni && target && !target.viaPublic && senderEni.vpcId === target.eni.vpcId;
  if (inside) {
    if (senderEni.subnetId !== target.eni.subnetId) {
      hops.push({ name: 'nacl-out', eni: senderEni }, { name: 'nacl-in', eni: target.eni });
    }
  } else {
    if (senderEni) hops.push({ name: 'nacl-out', eni: senderEni }, { name: 'igw', way: 'out', vpcId: senderEni.vpcId });
    if (target) hops.push({ name: 'igw', way: 'in', vpcId: target.eni.vpcId }, { name: 'nacl-in', eni: target.eni });
  }
  if (target) hops.push({ name: 'sg-ingress', eni: target.eni });
  return { ok: true, route: { ...base, receiverEni: target?.eni ?? null, receiver, hops, notFiltered: null, autoTracked: automaticallyTracked(sender) || automaticallyTracked(receiver) } };
}

function automaticallyTracked(n: NodeInfo | null): boolean {
  return n !== null && n.kind === 'external' && n.host.automaticallyTracked === true;
}
