import { cidrContains, parseCidrs, type Cidr } from './Cidr.ts';
import { classifyAddress, unmapAddress } from './classifyAddress.ts';
import { formatIpAddress, type IpAddress } from './IpAddress.ts';
import { hostMatches } from './hostMatches.ts';

/** An exception to the built-in block: a range, and the one port it is open on (null: every port). */
export interface AllowedRange {
  cidr: Cidr;
  port: number | null;
}

/** Where outbound requests may go, beyond the built-in block of non-public addresses (classifyAddress). */
export interface OutboundPolicy {
  /** Ranges opened despite the built-in block (e.g. a trusted internal service, or a test's own port). */
  allowRanges: AllowedRange[];
  /** Ranges closed on top of the built-in block; they win over allowRanges. */
  denyRanges: Cidr[];
  /** Host allow lists: a host must match a pattern of each (`example.org`, or `*.example.org` for its subdomains); none means any host. */
  allowHostLists: string[][];
  /** Host names never reached, same patterns; they win over the allow lists. */
  denyHosts: string[];
}

/** The configuration's lists, as written in parley.yaml. */
export interface OutboundPolicyConfig {
  ipRangeAllowlist: ReadonlyArray<string | { cidr: string; port?: number }>;
  ipRangeDenylist: readonly string[];
  hostAllowlist?: readonly string[];
  hostDenylist: readonly string[];
}

/** Parses configured lists into a policy; throws on a malformed range (checked once, at start). */
export function parseOutboundPolicy(c: OutboundPolicyConfig, what: string): OutboundPolicy {
  const allowRanges = c.ipRangeAllowlist.map((entry): AllowedRange => {
    const text = typeof entry === 'string' ? entry : entry.cidr;
    const port = typeof entry === 'string' ? null : (entry.port ?? null);
    if (port !== null && !(Number.isInteger(port) && port > 0 && port < 65536)) throw new Error(`${what}.ip_range_allowlist: bad port ${String(port)}`);
    return { cidr: parseCidrs([String(text)], `${what}.ip_range_allowlist`)[0]!, port };
  });
  const lower = (list: readonly string[] | undefined): string[] => (list ?? []).map((h) => h.toLowerCase());
  return {
    allowRanges,
    denyRanges: parseCidrs(c.ipRangeDenylist, `${what}.ip_range_denylist`),
    allowHostLists: c.hostAllowlist && c.hostAllowlist.length > 0 ? [lower(c.hostAllowlist)] : [],
    denyHosts: lower(c.hostDenylist),
  };
}

/** Both policies at once: either's deny lists refuse, either's allowed ranges open, and a host must pass every allow list. */
export function combinePolicies(a: OutboundPolicy, b: OutboundPolicy): OutboundPolicy {
  return {
    allowRanges: [...a.allowRanges, ...b.allowRanges],
    denyRanges: [...a.denyRanges, ...b.denyRanges],
    allowHostLists: [...a.allowHostLists, ...b.allowHostLists],
    denyHosts: [...a.denyHosts, ...b.denyHosts],
  };
}

/** Null when the policy lets a request connect to `ip` on `port`, else why not. */
export function refuseAddress(policy: OutboundPolicy, address: IpAddress, port: number): string | null {
  const ip = unmapAddress(address);
  const shown = formatIpAddress(ip);
  if (policy.denyRanges.some((r) => cidrContains(r, ip) || cidrContains(r, address))) return `${shown} is on the deny list`;
  if (policy.allowRanges.some((r) => (r.port === null || r.port === port) && cidrContains(r.cidr, ip))) return null;
  const reason = classifyAddress(address);
  return reason === null ? null : `${shown} is forbidden (${reason})`;
}

/** Null when the policy lets a request go to this host name (lower case, no trailing dot), else why not. */
export function refuseHost(policy: OutboundPolicy, host: string): string | null {
  if (policy.denyHosts.some((p) => hostMatches(host, p))) return `${host} is on the deny list`;
  if (policy.allowHostLists.some((list) => !list.some((p) => hostMatches(host, p)))) return `${host} is not on the allow list`;
  return null;
}
