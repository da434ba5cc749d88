import { isIPv4, isIPv6 } from 'node:net';

/** An IP address as a number: 32 bits for IPv4, 128 bits for IPv6. */
export interface IpAddress {
  version: 4 | 6;
  value: bigint;
}

/**
 * Parses a canonical IP address string (dotted-quad IPv4, or IPv6 with or without brackets and a
 * zone) into a number. Only strict forms: odd IPv4 spellings (`0x7f.1`, `2130706433`, `0177.0.0.1`)
 * must be normalised by WHATWG URL first (see normaliseUrl), so a string that is not one of these
 * forms is not an address (null).
 */
export function parseIpAddress(text: string): IpAddress | null {
  let s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (isIPv4(s)) return { version: 4, value: ipv4Value(s) };
  if (!isIPv6(s)) return null;
  return { version: 6, value: ipv6Value(s) };
}

function ipv4Value(s: string): bigint {
  let v = 0n;
  for (const part of s.split('.')) v = (v << 8n) | BigInt(Number(part));
  return v;
}

function ipv6Value(s: string): bigint {
  // A trailing dotted quad (::ffff:1.2.3.4) stands for the last two groups.
  let groups = s;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const v4 = ipv4Value(tail);
    groups = `${s.slice(0, lastColon + 1)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const halves = groups.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length > 1 && halves[1] ? halves[1].split(':') : [];
  const zeros = halves.length > 1 ? 8 - head.length - rest.length : 0;
  const all = [...head, ...Array<string>(zeros).fill('0'), ...rest];
  let v = 0n;
  for (const g of all) v = (v << 16n) | BigInt(parseInt(g, 16));
  return v;
}

/** The address as text: dotted quad, or IPv6 in full lower-case groups (for messages and logs). */
export function formatIpAddress(ip: IpAddress): string {
  if (ip.version === 4) return [24n, 16n, 8n, 0n].map((shift) => String((ip.value >> shift) & 0xffn)).join('.');
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((ip.value >> shift) & 0xffffn).toString(16));
  return groups.join(':');
}
