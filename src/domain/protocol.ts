/**
 * Protocols as IANA numbers. Security group JSON names the common ones (`tcp`), NACL JSON uses
 * number strings (`6`); both reach the evaluator as numbers, with -1 for "all".
 */
import type { ProtocolText, ServiceName } from './document';

export const ALL = -1;
export const ICMP = 1;
export const TCP = 6;
export const UDP = 17;
export const ICMPV6 = 58;

const NAMES: Record<string, number> = { tcp: TCP, udp: UDP, icmp: ICMP, icmpv6: ICMPV6, all: ALL, '-1': ALL };

/** The protocol number for an AWS protocol string, or null when it is neither a name nor 0-255. */
export function protocolNumber(text: ProtocolText): number | null {
  const lower = text.trim().toLowerCase();
  const named = NAMES[lower];
  if (named !== undefined) return named;
  if (!/^\d{1,3}$/.test(lower)) return null;
  const n = Number(lower);
  return n <= 255 ? n : null;
}

export function protocolLabel(n: number): string {
  switch (n) {
    case ALL:
      return 'All';
    case TCP:
      return 'TCP';
    case UDP:
      return 'UDP';
    case ICMP:
      return 'ICMP';
    case ICMPV6:
      return 'ICMPv6';
    default:
      return `Protocol ${n}`;
  }
}



/** ICMP echo request and reply types per family. */
export const ECHO_REQUEST = { 4: 8, 6: 128 } as const;
export const ECHO_REPLY = { 4: 0, 6: 129 } as const;

/** ICMP errors carry no state of their own: AWS needs an explicit inbound rule for them. */
export function isIcmpError(protocol: number, type: number): boolean {
  if (protocol === ICMP) return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
  if (protocol === ICMPV6) return type >= 1 && type <= 4;
  return false;
}

export interface Service {
  protocol: number;
  port: number;
  label: string;
}

export const SERVICES: Record<ServiceName, Service> = {
  http: { protocol: TCP, port: 80, label: 'HTTP' },
  https: { protocol: TCP, port: 443, label: 'HTTPS' },
  ssh: { protocol: TCP, port: 22, label: 'SSH' },
  rdp: { protocol: TCP, port: 3389, label: 'RDP' },
  dns: { protocol: UDP, port: 53, label: 'DNS (UDP)' },
  ping: { protocol: ICMP, port: 0, label: 'Ping' },
  postgresql: { protocol: TCP, port: 5432, label: 'PostgreSQL' },
  mysql: { protocol: TCP, port: 3306, label: 'MySQL/Aurora' },
};
