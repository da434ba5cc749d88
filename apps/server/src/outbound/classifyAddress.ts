import { cidrContains, parseCidr, type Cidr } from './Cidr.ts';
import type { IpAddress } from './IpAddress.ts';

/** Why an address is refused, or null when it is a public unicast address. */
export type ForbiddenReason = string | null;

const range = (text: string, reason: string): { cidr: Cidr; reason: string } => ({ cidr: parseCidr(text)!, reason });

/**
 * IPv4 ranges no outbound request may reach (IANA special-purpose registry, RFC 6890 and later):
 * everything that is not a globally routed unicast address.
 */
const FORBIDDEN_V4 = [
  range('0.0.0.0/8', 'unspecified ("this network")'),
  range('10.0.0.0/8', 'private (RFC 1918)'),
  range('100.64.0.0/10', 'carrier-grade NAT (RFC 6598)'),
  range('127.0.0.0/8', 'loopback'),
  range('169.254.0.0/16', 'link-local'),
  range('172.16.0.0/12', 'private (RFC 1918)'),
  range('192.0.0.0/24', 'IETF protocol assignments'),
  range('192.0.2.0/24', 'documentation (TEST-NET-1)'),
  range('192.31.196.0/24', 'AS112'),
  range('192.52.193.0/24', 'AMT'),
  range('192.88.99.0/24', '6to4 relay anycast'),
  range('192.168.0.0/16', 'private (RFC 1918)'),
  range('192.175.48.0/24', 'AS112'),
  range('198.18.0.0/15', 'benchmarking'),
  range('198.51.100.0/24', 'documentation (TEST-NET-2)'),
  range('203.0.113.0/24', 'documentation (TEST-NET-3)'),
  range('224.0.0.0/4', 'multicast'),
  range('240.0.0.0/4', 'reserved'),
  range('255.255.255.255/32', 'broadcast'),
];

/**
 * IPv6 ranges refused outright. The forms that embed an IPv4 address (mapped, NAT64, 6to4) are not
 * here: their embedded address decides (EMBEDDING_V4 below). Teredo hides its server and client
 * addresses (the client's is obfuscated), and IPv4-compatible addresses are deprecated: both refused whole.
 */
const FORBIDDEN_V6 = [
  range('::/128', 'unspecified'),
  range('::1/128', 'loopback'),
  range('::/96', 'IPv4-compatible (deprecated)'),
  range('64:ff9b:1::/48', 'local-use NAT64 (RFC 8215)'),
  range('100::/64', 'discard-only'),
  range('2001::/32', 'Teredo'),
  range('2001::/23', 'IETF protocol assignments'),
  range('2001:db8::/32', 'documentation'),
  range('3fff::/20', 'documentation'),
  range('5f00::/16', 'segment routing SIDs'),
  range('fc00::/7', 'unique local (ULA)'),
  range('fe80::/10', 'link-local'),
  range('fec0::/10', 'site-local (deprecated)'),
  range('ff00::/8', 'multicast'),
];

/** IPv6 ranges that carry an IPv4 address: the prefix, and where the IPv4 address sits (its lowest bit). */
const EMBEDDING_V4 = [
  { cidr: parseCidr('::ffff:0:0/96')!, shift: 0n, what: 'IPv4-mapped' },
  { cidr: parseCidr('64:ff9b::/96')!, shift: 0n, what: 'NAT64' },
  { cidr: parseCidr('2002::/16')!, shift: 80n, what: '6to4' },
];

/**
 * Whether an outbound request may connect to this address: null for a public unicast address,
 * else the reason it is refused. IPv6 forms embedding an IPv4 address are judged by that address.
 */
export function classifyAddress(ip: IpAddress): ForbiddenReason {
  if (ip.version === 4) return FORBIDDEN_V4.find((r) => cidrContains(r.cidr, ip))?.reason ?? null;
  for (const e of EMBEDDING_V4) {
    if (!cidrContains(e.cidr, ip)) continue;
    const inner: IpAddress = { version: 4, value: (ip.value >> e.shift) & 0xffffffffn };
    const reason = classifyAddress(inner);
    return reason === null ? null : `${e.what} form of a forbidden IPv4 address: ${reason}`;
  }
  return FORBIDDEN_V6.find((r) => cidrContains(r.cidr, ip))?.reason ?? null;
}

/** The IPv4 address an IPv6 address stands for when Node connects to it (IPv4-mapped only), else the address itself. */
export function unmapAddress(ip: IpAddress): IpAddress {
  if (ip.version === 6 && cidrContains(EMBEDDING_V4[0]!.cidr, ip)) return { version: 4, value: ip.value & 0xffffffffn };
  return ip;
}
