import { parseIpAddress, type IpAddress } from './IpAddress.ts';

/** An address range: the first address and the prefix length. */
export interface Cidr {
  version: 4 | 6;
  base: bigint;
  prefix: number;
}

/** Parses `10.0.0.0/8`, `fc00::/7`, or a bare address (a /32 or /128); null if malformed. */
export function parseCidr(text: string): Cidr | null {
  const slash = text.indexOf('/');
  const ip = parseIpAddress(slash >= 0 ? text.slice(0, slash) : text);
  if (!ip) return null;
  const bits = ip.version === 4 ? 32 : 128;
  const prefixText = slash >= 0 ? text.slice(slash + 1) : String(bits);
  if (!/^\d{1,3}$/.test(prefixText)) return null;
  const prefix = Number(prefixText);
  if (prefix > bits) return null;
  return { version: ip.version, base: ip.value & mask(bits, prefix), prefix };
}

function mask(bits: number, prefix: number): bigint {
  const all = (1n << BigInt(bits)) - 1n;
  return all ^ ((1n << BigInt(bits - prefix)) - 1n);
}

/** Whether the range holds the address (an IPv4 range never holds an IPv6 address, nor the reverse). */
export function cidrContains(range: Cidr, ip: IpAddress): boolean {
  if (range.version !== ip.version) return false;
  const bits = ip.version === 4 ? 32 : 128;
  return (ip.value & mask(bits, range.prefix)) === range.base;
}

/** Parses a list of ranges, throwing on the first malformed one (configuration is checked at start). */
export function parseCidrs(texts: readonly string[], what: string): Cidr[] {
  return texts.map((t) => {
    const c = parseCidr(t);
    if (!c) throw new Error(`${what}: not an IP address or CIDR range: ${JSON.stringify(t)}`);
    return c;
  });
}
