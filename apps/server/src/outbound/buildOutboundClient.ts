import type { OutboundConfig } from '../config.ts';
import { GuardedHttpClient, type Resolver } from './GuardedHttpClient.ts';
import { parseOutboundPolicy } from './OutboundPolicy.ts';

/** The server's outbound client from the `outbound` settings; throws on a malformed range. */
export function buildOutboundClient(c: OutboundConfig, resolve?: Resolver): GuardedHttpClient {
  return new GuardedHttpClient({
    policy: parseOutboundPolicy(c, 'outbound'),
    limits: { timeoutMs: c.timeoutMs, maxRedirects: c.maxRedirects, maxResponseBytes: c.maxResponseBytes },
    userAgent: c.userAgent,
    ...(resolve ? { resolve } : {}),
  });
}
