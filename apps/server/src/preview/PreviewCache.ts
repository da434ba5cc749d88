import { MatrixError } from '../errors/MatrixError.ts';
import type { Preview } from './previewFromHtml.ts';

/**
 * Previews by (URL, `ts` rounded to the cache lifetime), bounded in entries (least recently used
 * go first), with one fetch shared by concurrent requests for the same key, and at most
 * `maxFetches` fetches at once (each may hold up to url_preview.max_html_bytes): past it a miss is
 * 429 M_LIMIT_EXCEEDED, so memory stays bounded however many users ask. In memory, per node.
 */
export class PreviewCache {
  private readonly entries = new Map<string, { preview: Preview; expires: number }>();
  private readonly pending = new Map<string, Promise<Preview>>();

  constructor(
    private readonly maxEntries: number,
    private readonly ttlMs: number,
    private readonly maxFetches: number,
  ) {}

  /** The key of a URL asked for at `ts` (a time in the future counts as now). */
  keyOf(url: string, ts: number | undefined, now: number): string {
    const at = Math.min(ts ?? now, now);
    return `${Math.floor(at / Math.max(1, this.ttlMs))}\u0000${url}`;
  }

  async get(key: string, now: number, load: () => Promise<Preview>): Promise<Preview> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.preview;
    }
    if (hit) this.entries.delete(key);
    const running = this.pending.get(key);
    if (running) return running;
    if (this.pending.size >= this.maxFetches) {
      throw new MatrixError('M_LIMIT_EXCEEDED', 'Too many previews being fetched; try again shortly', { retry_after_ms: 1000 }, 429, { 'retry-after': '1' });
    }
    const promise = load();
    this.pending.set(key, promise);
    try {
      const preview = await promise;
      this.entries.set(key, { preview, expires: now + this.ttlMs });
      while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
      return preview;
    } finally {
      if (this.pending.get(key) === promise) this.pending.delete(key);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}
