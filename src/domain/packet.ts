/** A packet as the checkpoints see it: numbers only, addresses already parsed. */
import type { IpAddress, IpFamily } from './addr';
import type { TcpFlags } from './document';
import { ICMP, ICMPV6, TCP, UDP, isIcmpError, protocolLabel } from './protocol';

export interface Packet {
  family: IpFamily;
  src: IpAddress;
  dst: IpAddress;
  protocol: number;
  /** TCP/UDP ports; 0 for other protocols. */
  srcPort: number;
  dstPort: number;
  /** ICMP type, code and echo identifier; 0 for other protocols. */
  icmpType: number;
  icmpCode: number;
  icmpId: number;
  /** TCP flags of this segment; null for other protocols. */
  flags: TcpFlags | null;
}

export type Direction = 'inbound' | 'outbound';

export function isIcmpErrorPacket(p: Packet): boolean {
  return (p.protocol === ICMP || p.protocol === ICMPV6) && isIcmpError(p.protocol, p.icmpType);
}

/** `TCP 203.0.113.5:50000 → 10.0.1.10:80 [S]`, the way the tables print a packet. */
export function describePacket(p: Packet): string {
  const proto = protocolLabel(p.protocol);
  const host = (a: IpAddress, port: number): string =>
    p.protocol === TCP || p.protocol === UDP ? (a.family === 6 ? `[${a.text}]:${port}` : `${a.text}:${port}`) : a.text;
  const tail =
    p.protocol === TCP
      ? ` [${p.flags ?? 'S'}]`
      : p.protocol === ICMP || p.protocol === ICMPV6
        ? ` type ${p.icmpType} code ${p.icmpCode}`
        : '';
  return `${proto} ${host(p.src, p.srcPort)} → ${host(p.dst, p.dstPort)}${tail}`;
}
