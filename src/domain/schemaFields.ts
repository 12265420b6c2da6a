/**
 * The building blocks of the scenario schema: string fields whose format one function of the
 * domain decides (so the file and the editors refuse the same texts with the same words), and
 * the numeric ranges AWS puts on ports, ICMP fields and timeouts.
 */
import { z } from 'zod';
import { parseCidr, parseIpv4, parseIpv6 } from './addr';
import { show } from './issuePath';
import { protocolNumber } from './protocol';

/** A string field whose format one function decides; the function returns the error or null. */
export function checked(check: (text: string) => string | null) {
  return z.string().check((ctx) => {
    const error = check(ctx.value);
    if (error !== null) ctx.issues.push({ code: 'custom', message: error, input: ctx.value });
  });
}

const errorOf = (r: { ok: true } | { ok: false; error: string }): string | null => (r.ok ? null : r.error);

// AWS allows VPC and subnet IPv4 blocks from /16 to /28.
export const awsBlock = (what: string) =>
  checked((text) => {
    const r = parseCidr(text, 4);
    if (!r.ok) return r.error;
    return r.value.prefix < 16 || r.value.prefix > 28 ? `"${text}" is not a valid ${what} block size (AWS allows /16 to /28)` : null;
  });

export const cidr6 = checked((text) => errorOf(parseCidr(text, 6)));
export const ipv4 = checked((text) => errorOf(parseIpv4(text)));
export const ipv6 = checked((text) => errorOf(parseIpv6(text)));
export const anyCidr = checked((text) =>
  text.startsWith('sg-') || text.startsWith('pl-') ? `"${text}" is not a CIDR (network ACL rules take address blocks only)` : errorOf(parseCidr(text)),
).describe('An IPv4 or IPv6 CIDR block, e.g. 0.0.0.0/0 or 2001:db8::/56');
/**
 * The remote side of a security group rule (`source` inbound, `destination` outbound): a CIDR, a
 * group (`sg-…`) or a prefix list (`pl-…`); references are resolved in validate.ts.
 */
const peer = checked((text) => (text.startsWith('sg-') || text.startsWith('pl-') ? null : errorOf(parseCidr(text))));
const PEER_FORMS = 'an IPv4 or IPv6 CIDR, a security group id (sg-...) or a prefix list id (pl-...)';
export const source = peer.describe(`Where the traffic an inbound rule allows comes from: ${PEER_FORMS}`);
export const destination = peer.describe(`Where the traffic an outbound rule allows goes: ${PEER_FORMS}`);
export const protocol = checked((text) =>
  protocolNumber(text) === null ? `"${text}" is not a protocol (use tcp, udp, icmp, icmpv6, -1 or a number 0-255)` : null,
).describe('tcp, udp, icmp, icmpv6, -1 (all protocols) or a protocol number 0-255');

export const id = z.string().min(1);
// Rules tell a group reference from a CIDR by its prefix, so these two prefixes are not cosmetic.
export const sgId = z.string().regex(/^sg-./, { error: (iss) => `${show(iss.input)} is not a security group id (it must start with sg-)` });
export const plId = z.string().regex(/^pl-./, { error: (iss) => `${show(iss.input)} is not a prefix list id (it must start with pl-)` });
export const port = z.int().min(0).max(65535);
export const icmpField = z.int().min(-1).max(255);
export const seconds = z.number().min(0);
export const text = z.string();
export const timeout = (b: { min: number; max: number }) => z.int().min(b.min).max(b.max);
