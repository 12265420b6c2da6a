/**
 * New objects as AWS creates them: a new group (rule 13), a VPC's default group (rule 14), a
 * default or a custom network ACL (rule 32), the next address a subnet would hand out, and an
 * empty document. Pure factories: ids come from the caller.
 */
import { nthAddress, parseCidr, parseIp, type Cidr, type IpAddress } from './addr';
import { DOCUMENT_VERSION, type NaclRule, type NetworkAcl, type NetworkDocument, type SecurityGroup, type SgRule } from './document';
import type { NaclId, SecurityGroupId, VpcId } from './ids';
import type { Settings } from './settings';

const ALL_V4 = '0.0.0.0/0';
const ALL_V6 = '::/0';

function allTraffic(peer: string): SgRule {
  return { protocol: '-1', peer };
}

/** No inbound rules; all outbound to 0.0.0.0/0, and to ::/0 only if the setting says so (AWS is silent). */
export function newSecurityGroup(id: SecurityGroupId, name: string, vpcId: VpcId, settings: Pick<Settings, 'newGroupIpv6Egress'>): SecurityGroup {
  return {
    id,
    name,
    vpcId,
    inbound: [],
    outbound: settings.newGroupIpv6Egress ? [allTraffic(ALL_V4), allTraffic(ALL_V6)] : [allTraffic(ALL_V4)],
  };
}

/** Everything in from members of the group itself; everything out, ::/0 only in an IPv6 VPC. */
export function defaultSecurityGroup(id: SecurityGroupId, vpcId: VpcId, vpcHasIpv6: boolean): SecurityGroup {
  return {
    id,
    name: 'default',
    vpcId,
    description: 'default VPC security group',
    isDefault: true,
    inbound: [allTraffic(id)],
    outbound: vpcHasIpv6 ? [allTraffic(ALL_V4), allTraffic(ALL_V6)] : [allTraffic(ALL_V4)],
  };
}

function allowAll(ruleNumber: number, cidr: string): NaclRule {
  return { ruleNumber, protocol: '-1', action: 'allow', cidr };
}

/** Rule 100 allows all IPv4 each way; rule 101 does the same for IPv6 in an IPv6 VPC. */
export function defaultNetworkAcl(id: NaclId, vpcId: VpcId, vpcHasIpv6: boolean): NetworkAcl {
  const rules = (): NaclRule[] => (vpcHasIpv6 ? [allowAll(100, ALL_V4), allowAll(101, ALL_V6)] : [allowAll(100, ALL_V4)]);
  return { id, name: 'default', vpcId, isDefault: true, inbound: rules(), outbound: rules() };
}

/** No numbered rules, so the `*` rules deny everything until rules are added. */
export function customNetworkAcl(id: NaclId, vpcId: VpcId, name: string = id): NetworkAcl {
  return { id, name, vpcId, inbound: [], outbound: [] };
}

/** How many addresses AWS keeps at the start of every subnet (network, router, DNS, future use). */
export const RESERVED_AT_START = 4;

const RESERVED_ROLES = ['the network address', 'the VPC router', 'the DNS server', 'reserved for future use'];

/** Why AWS keeps `a` out of instances' hands in `subnet`, or null when it is usable. */
export function reservedAddressRole(subnet: Cidr, a: IpAddress): string | null {
  if (a.family !== subnet.family) return null;
  const offset = a.family === 4 ? BigInt(a.v4 - subnet.lo4) : a.v6 - subnet.lo6;
  const last = a.family === 4 ? a.v4 === subnet.hi4 : a.v6 === subnet.hi6;
  if (offset >= 0n && offset < BigInt(RESERVED_AT_START)) return RESERVED_ROLES[Number(offset)] ?? null;
  if (last) return subnet.family === 4 ? 'the broadcast address' : 'the last address of the block';
  return null;
}

function key(a: IpAddress): string {
  return a.family === 4 ? `4:${a.v4}` : `6:${a.v6}`;
}

/**
 * The first address of the block that is neither reserved by AWS nor in `used`; null when the
 * block is full or is not a CIDR. Works for IPv4 and IPv6 blocks.
 */
export function nextFreeAddress(subnetCidr: string, used: readonly string[]): string | null {
  const parsed = parseCidr(subnetCidr);
  if (!parsed.ok) return null;
  const block = parsed.value;
  const taken = new Set<string>();
  for (const u of used) {
    const a = parseIp(u);
    if (a.ok) taken.add(key(a.value));
  }
  const hostBits = (block.family === 4 ? 32 : 128) - block.prefix;
  const size = 1n << BigInt(hostBits);
  // Every used address can push the answer one place further, so this loop is short.
  const stop = BigInt(RESERVED_AT_START) + BigInt(taken.size) + 1n;
  for (let n = BigInt(RESERVED_AT_START); n < size - 1n && n <= stop; n++) {
    const a = nthAddress(block, Number(n));
    if (!taken.has(key(a))) return a.text;
  }
  return null;
}

export function emptyDocument(name: string): NetworkDocument {
  return {
    version: DOCUMENT_VERSION,
    name,
    vpcs: [],
    internetGateways: [],
    subnets: [],
    networkAcls: [],
    securityGroups: [],
    prefixLists: [],
    instances: [],
    externalHosts: [],
    layout: {},
    traffic: [],
    expectations: [],
  };
}
