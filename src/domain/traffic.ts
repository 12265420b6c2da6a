/**
 * Turning traffic items into packets, and a delivered request into its response.
 */
import type { IpAddress } from './addr';
import type { PacketTraffic, RequestTraffic, TcpFlags } from './document';
import type { Packet } from './packet';
import { ECHO_REPLY, ECHO_REQUEST, ICMP, ICMPV6, TCP, UDP, SERVICES, isIcmpError, protocolNumber } from './protocol';

export interface PacketFields {
  protocol: number;
  srcPort: number;
  dstPort: number;
  icmpType: number;
  icmpCode: number;
  icmpId: number;
  flags: TcpFlags | null;
}

export function makePacket(src: IpAddress, dst: IpAddress, f: PacketFields): Packet {
  const ported = f.protocol === TCP || f.protocol === UDP;
  const icmp = f.protocol === ICMP || f.protocol === ICMPV6;
  return {
    family: src.family,
    src,
    dst,
    protocol: f.protocol,
    srcPort: ported ? f.srcPort : 0,
    dstPort: ported ? f.dstPort : 0,
    icmpType: icmp ? f.icmpType : 0,
    icmpCode: icmp ? f.icmpCode : 0,
    icmpId: icmp ? f.icmpId : 0,
    flags: f.protocol === TCP ? (f.flags ?? 'S') : null,
  };
}

/** Protocol and destination port of a request, from its service or its own fields. */
export function requestTarget(item: Pick<RequestTraffic, 'service' | 'protocol' | 'port'>): { protocol: number; port: number } | null {
  if (item.service) {
    const s = SERVICES[item.service];
    return { protocol: s.protocol, port: s.port };
  }
  if (item.protocol === undefined) return null;
  const protocol = protocolNumber(item.protocol);
  if (protocol === null || protocol < 0) return null;
  return { protocol, port: item.port ?? 0 };
}

/**
 * The first packet of a request: a SYN for TCP, a datagram for UDP, an echo request for ICMP
 * (the ICMP version follows the address family), a bare packet for other protocols.
 */
export function requestFields(protocol: number, family: 4 | 6, srcPort: number, dstPort: number, icmpId: number): PacketFields {
  const icmp = protocol === ICMP || protocol === ICMPV6;
  const icmpProtocol = family === 6 ? ICMPV6 : ICMP;
  return {
    protocol: icmp ? icmpProtocol : protocol,
    srcPort,
    dstPort,
    icmpType: icmp ? ECHO_REQUEST[family] : 0,
    icmpCode: 0,
    icmpId,
    flags: protocol === TCP ? 'S' : null,
  };
}

export function packetFields(item: Omit<PacketTraffic, 'kind' | 'at'>): PacketFields | null {
  const protocol = protocolNumber(item.protocol);
  if (protocol === null || protocol < 0) return null;
  return {
    protocol,
    srcPort: item.sourcePort ?? 0,
    dstPort: item.destinationPort ?? 0,
    icmpType: item.icmpType ?? 0,
    icmpCode: item.icmpCode ?? 0,
    icmpId: item.icmpId ?? 0,
    flags: item.flags ?? null,
  };
}

/**
 * What a host sends back for a delivered packet, addressed to the source it saw (after NAT):
 * SYN-ACK for a SYN, the same protocol with ports swapped otherwise, an echo reply for an echo
 * request. ICMP errors and echo replies get no answer.
 */
export function responseFor(delivered: Packet): Packet | null {
  const { protocol } = delivered;
  const swapped = { src: delivered.dst, dst: delivered.src, family: delivered.family };
  if (protocol === ICMP || protocol === ICMPV6) {
    const req = ECHO_REQUEST[delivered.family];
    if (isIcmpError(protocol, delivered.icmpType) || delivered.icmpType !== req) return null;
    return { ...delivered, ...swapped, icmpType: ECHO_REPLY[delivered.family], icmpCode: 0 };
  }
  const flags: TcpFlags | null = protocol === TCP ? (delivered.flags === 'S' ? 'SA' : delivered.flags === 'F' ? 'F' : delivered.flags === 'R' ? null : 'A') : null;
  if (protocol === TCP && flags === null) return null;
  return { ...delivered, ...swapped, srcPort: delivered.dstPort, dstPort: delivered.srcPort, flags };
}
