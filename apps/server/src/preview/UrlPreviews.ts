import type { OutboundPolicy } from '../outbound/OutboundPolicy.ts';
import { PreviewCache } from './PreviewCache.ts';

/** What URL previews keep between requests: the preview-only policy (url_preview's lists) and the cache. */
export interface UrlPreviews {
  policy: OutboundPolicy;
  cache: PreviewCache;
}

export function createUrlPreviews(policy: OutboundPolicy, settings: { cacheMaxEntries: number; cacheTtlMs: number; maxConcurrentFetches: number }): UrlPreviews {
  return { policy, cache: new PreviewCache(settings.cacheMaxEntries, settings.cacheTtlMs, settings.maxConcurrentFetches) };
}
