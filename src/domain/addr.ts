/**
 * Addresses and CIDR blocks as numbers. Parsing goes through ipaddr.js; the evaluator only ever
 * compares integers (IPv4 as an unsigned 32-bit number, IPv6 as a bigint).
 */
import ipaddr from 'ipaddr.js';

export type IpFamily = 4 | 6;

export interface IpAddress {
  family: IpFamily;
  /** IPv4 as an unsigned 32-bit integer; 0 for IPv6. */
  v4: number;
  /** IPv6 as a 128-bit integer; 0n for IPv4. */
  v6: bigint;
  text: string;
}

export interface Cidr {
  family: IpFamily;
  prefix: number;
  /** First and last address of the block, inclusive (IPv4). */
  lo4: number;
  hi4: number;
  /** First and last address of the block, inclusive (IPv6). */
  lo6: bigint;
  hi6: bigint;
  text: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const V6_BITS = 128n;
const V6_ALL = (1n << V6_BITS) - 1n;

function v4FromBytes(bytes: number[]): number {
  return (((bytes[0] ?? 0) << 24) | ((bytes[1] ?? 0) << 16) | ((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) >>> 0;
}

function v6FromBytes(bytes: number[]): bigint {
  let n = 0n;
  for (const b of bytes) n = (n << 8n) | BigInt(b);
  return n;
}

export function parseIpv4(text: string): Parsed<IpAddress> {
  if (!ipaddr.IPv4.isValidFourPartDecimal(text)) return { ok: false, error: `"${text}" is not an IPv4 address` };
  const v4 = v4FromBytes(ipaddr.IPv4.parse(text).toByteArray());
  return { ok: true, value: { family: 4, v4, v6: 0n, text } };
}

export function parseIpv6(text: string): Parsed<IpAddress> {
  if (!ipaddr.IPv6.isValid(text) || !text.includes(':')) return { ok: false, error: `"${text}" is not an IPv6 address` };
  const parsed = ipaddr.IPv6.parse(text);
  return { ok: true, value: { family: 6, v4: 0, v6: v6FromBytes(parsed.toByteArray()), text: parsed.toString() } };
}

export function parseIp(text: string): Parsed<IpAddress> {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

/** Parses a CIDR block; a block with host bits set is refused with the block it probably meant. */
export function parseCidr(text: string, family?: IpFamily): Parsed<Cidr> {
  const fam: IpFamily = family ?? (text.includes(':') ? 6 : 4);
  const what = fam === 4 ? 'an IPv4 CIDR' : 'an IPv6 CIDR';
  const slash = text.indexOf('/');
  if (slash < 0) return { ok: false, error: `"${text}" is not ${what} (it needs a /prefix, e.g. /32 for one address)` };
  const addrText = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const max = fam === 4 ? 32 : 128;
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > max) {
    return { ok: false, error: `"${text}" is not ${what} (the prefix must be 0 to ${max})` };
  }
  const addr = fam === 4 ? parseIpv4(addrText) : parseIpv6(addrText);
  if (!addr.ok) return { ok: false, error: `"${text}" is not ${what}` };
  const prefix = Number(prefixText);
  if (fam === 4) {
    const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    const lo4 = (addr.value.v4 & mask) >>> 0;
    if (lo4 !== addr.value.v4) {
      return { ok: false, error: `"${text}" is not ${what} (host bits are set; the block is ${formatIpv4(lo4)}/${prefix})` };
    }
    const hi4 = (lo4 | (~mask >>> 0)) >>> 0;
    return { ok: true, value: { family: 4, prefix, lo4, hi4, lo6: 0n, hi6: 0n, text } };
  }
  const hostBits = V6_BITS - BigInt(prefix);
  const hostMask = (1n << hostBits) - 1n;
  const lo6 = addr.value.v6 & (V6_ALL ^ hostMask);
  if (lo6 !== addr.value.v6) {
    return { ok: false, error: `"${text}" is not ${what} (host bits are set; the block is ${formatIpv6(lo6)}/${prefix})` };
  }
  return { ok: true, value: { family: 6, prefix, lo4: 0, hi4: 0, lo6, hi6: lo6 | hostMask, text } };
}

export function formatIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

export function formatIpv6(n: bigint): string {
  const bytes: number[] = [];
  for (let i = 15; i >= 0; i--) bytes.push(Number((n >> BigInt(i * 8)) & 255n));
  return ipaddr.fromByteArray(bytes).toString();
}

export function cidrContains(cidr: Cidr, addr: IpAddress): boolean {
  if (cidr.family !== addr.family) return false;
  return cidr.family === 4 ? addr.v4 >= cidr.lo4 && addr.v4 <= cidr.hi4 : addr.v6 >= cidr.lo6 && addr.v6 <= cidr.hi6;
}

/** Whether block `inner` lies wholly inside block `outer`. */
export function cidrWithin(inner: Cidr, outer: Cidr): boolean {
  if (inner.family !== outer.family) return false;
  return inner.family === 4
    ? inner.lo4 >= outer.lo4 && inner.hi4 <= outer.hi4
    : inner.lo6 >= outer.lo6 && inner.hi6 <= outer.hi6;
}

/** The whole address family: 0.0.0.0/0 or ::/0. */
export function isWholeFamily(cidr: Cidr): boolean {
  return cidr.prefix === 0;
}

/** The n-th address of a block (0 = the network address). */
export function nthAddress(cidr: Cidr, n: number): IpAddress {
  if (cidr.family === 4) {
    const v4 = (cidr.lo4 + n) >>> 0;
    return { family: 4, v4, v6: 0n, text: formatIpv4(v4) };
  }
  const v6 = cidr.lo6 + BigInt(n);
  return { family: 6, v4: 0, v6, text: formatIpv6(v6) };
}
