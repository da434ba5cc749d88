/**
 * Whether a host name matches a configured pattern: `example.org` matches itself only,
 * `*.example.org` matches every subdomain (not example.org itself). Both lower case.
 * Plain string comparison, no pattern compiled from configuration or input.
 */
export function hostMatches(host: string, pattern: string): boolean {
  const h = host.endsWith('.') ? host.slice(0, -1) : host;
  if (pattern.startsWith('*.')) return h.length > pattern.length - 1 && h.endsWith(pattern.slice(1));
  return h === pattern;
}
