import type { GuardedHttpClient } from '../outbound/GuardedHttpClient.ts';
import { OutboundError } from '../outbound/OutboundError.ts';
import type { OutboundPolicy } from '../outbound/OutboundPolicy.ts';
import type { PushOutcome } from './PushOutcome.ts';

export interface PostOptions {
  outbound: GuardedHttpClient;
  /** push.*'s lists, on top of outbound's. */
  policy: OutboundPolicy;
  timeoutMs: number;
  maxResponseBytes: number;
  signal: AbortSignal;
}

/** Gateways answering these never will: the pusher goes. */
const GONE = new Set([404, 410]);
/** Client errors worth another try later. */
const TRANSIENT_4XX = new Set([408, 429]);

/** POSTs one `{"notification": ...}` to a pusher's gateway URL and classifies the answer. No redirects are followed. */
export async function postNotification(opts: PostOptions, url: string, pushkey: string, notification: Record<string, unknown>): Promise<PushOutcome> {
  let status: number;
  let body: Buffer;
  try {
    const res = await opts.outbound.fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ notification }),
      policy: opts.policy,
      limits: { timeoutMs: opts.timeoutMs, maxResponseBytes: opts.maxResponseBytes, maxRedirects: 0 },
      signal: opts.signal,
    });
    status = res.status;
    body = res.body;
  } catch (err) {
    if (err instanceof OutboundError && err.isRefusal) return { kind: 'dropped', reason: err.message };
    return { kind: 'retry', reason: err instanceof Error ? err.message : String(err) };
  }
  if (status >= 200 && status < 300) return rejectedIn(body, pushkey) ? { kind: 'rejected' } : { kind: 'delivered' };
  if (GONE.has(status)) return { kind: 'rejected' };
  if (status >= 400 && status < 500 && !TRANSIENT_4XX.has(status)) return { kind: 'dropped', reason: `gateway answered ${status}` };
  return { kind: 'retry', reason: `gateway answered ${status}` };
}

/** Whether the answer's `rejected` array names the pushkey; an answer that is not JSON rejects nothing. */
function rejectedIn(body: Buffer, pushkey: string): boolean {
  try {
    const parsed = JSON.parse(body.toString('utf8')) as { rejected?: unknown };
    return Array.isArray(parsed.rejected) && parsed.rejected.includes(pushkey);
  } catch {
    return false;
  }
}
