import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';
import type { ContentEncoding } from './acceptedEncoding.ts';
import { contentTypeOf, isCompressible } from './contentTypeOf.ts';

const brotliAsync = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Smaller files gain too little from compression to be worth a Content-Encoding. */
const MIN_COMPRESS_BYTES = 1024;
/**
 * Brotli quality for files without a precompressed .br sibling. Measured on a 580 KB minified
 * script (axe.min.js): quality 9 took 87 ms for 141 KB, quality 11 1,079 ms for 129 KB, gzip -9
 * 30 ms for 155 KB. Compression runs once per file and process (then cached) on libuv's thread
 * pool, so 9 costs a first visitor under 0.1 s; a build that wants quality 11 writes .br files.
 */
const BROTLI_QUALITY = 9;

/** One file's answer: its bytes in the chosen encoding, and the ETag of that representation. */
export interface StaticAnswer {
  body: Buffer;
  contentType: string;
  encoding: ContentEncoding | null;
  etag: string;
  /** ETags of every representation of this content (If-None-Match may hold any of them). */
  etags: readonly string[];
}

interface Entry {
  mtimeMs: number;
  size: number;
  ino: number;
  body: Buffer;
  hash: string;
  contentType: string;
  compressible: boolean;
  variants: Map<ContentEncoding, Promise<Buffer | null>>;
  bytes: number;
}

const SUFFIX: Record<ContentEncoding, string> = { br: '.br', gzip: '.gz' };
const ETAG_SUFFIX: Record<ContentEncoding, string> = { br: '-br', gzip: '-gz' };

/**
 * The files of one folder (the built web client), read through a memory cache that a stat per
 * request keeps fresh (a rebuild shows at once, nobody invalidates anything). A request can
 * reach only regular files whose real path, symbolic links resolved, is inside the folder.
 * Compressed forms come from a precompressed sibling (`x.js.br`, `x.js.gz`) when the build
 * wrote one, else are made once and cached. The cache holds at most `maxBytes`, oldest-used
 * first out.
 */
export class StaticFiles {
  private readonly cache = new Map<string, Entry>();
  private cachedBytes = 0;

  constructor(
    readonly root: string,
    private readonly maxBytes = 64 * 1024 * 1024,
  ) {}

  /** The file at `segments` below the root (already checked by parseAssetPath), or undefined when there is none inside it. */
  async read(segments: readonly string[], encoding: ContentEncoding | null): Promise<StaticAnswer | undefined> {
    const found = await this.locate(join(this.root, ...segments));
    if (!found) return undefined;
    const entry = await this.entryFor(found.real, found.stats);
    const etags = [`"${entry.hash}"`, ...(['br', 'gzip'] as const).map((e) => `"${entry.hash}${ETAG_SUFFIX[e]}"`)];
    const encoded = encoding && entry.compressible ? await this.variant(found.real, entry, encoding) : null;
    if (encoded && encoding) return { body: encoded, contentType: entry.contentType, encoding, etag: `"${entry.hash}${ETAG_SUFFIX[encoding]}"`, etags };
    return { body: entry.body, contentType: entry.contentType, encoding: null, etag: `"${entry.hash}"`, etags };
  }

  private async locate(path: string): Promise<{ real: string; stats: Stats } | undefined> {
    try {
      const [real, realRoot] = await Promise.all([realpath(path), realpath(this.root)]);
      if (!real.startsWith(realRoot + sep)) return undefined;
      const stats = await stat(real);
      return stats.isFile() ? { real, stats } : undefined;
    } catch {
      return undefined;
    }
  }

  private async entryFor(real: string, stats: Stats): Promise<Entry> {
    const cached = this.cache.get(real);
    if (cached && cached.mtimeMs === stats.mtimeMs && cached.size === stats.size && cached.ino === stats.ino) {
      // Most recently used last: eviction takes from the front.
      this.cache.delete(real);
      this.cache.set(real, cached);
      return cached;
    }
    if (cached) this.forget(real, cached);
    const body = await readFile(real);
    const entry: Entry = {
      mtimeMs: stats.mtimeMs,
      size: stats.size,
      ino: stats.ino,
      body,
      hash: createHash('sha256').update(body).digest('base64url').slice(0, 22),
      contentType: contentTypeOf(real),
      compressible: isCompressible(real) && body.length >= MIN_COMPRESS_BYTES,
      variants: new Map(),
      bytes: body.length,
    };
    this.remember(real, entry);
    return entry;
  }

  private variant(real: string, entry: Entry, encoding: ContentEncoding): Promise<Buffer | null> {
    let pending = entry.variants.get(encoding);
    if (!pending) {
      pending = this.encode(real, entry.body, encoding).then((buf) => {
        const kept = buf && buf.length < entry.body.length ? buf : null;
        if (kept && this.cache.get(real) === entry) {
          entry.bytes += kept.length;
          this.cachedBytes += kept.length;
          this.evict();
        }
        return kept;
      });
      entry.variants.set(encoding, pending);
    }
    return pending;
  }

  private async encode(real: string, body: Buffer, encoding: ContentEncoding): Promise<Buffer | null> {
    try {
      const sibling = await stat(real + SUFFIX[encoding]);
      if (sibling.isFile()) return await readFile(real + SUFFIX[encoding]);
    } catch {
      // No precompressed file: compress here.
    }
    if (encoding === 'br') return brotliAsync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } });
    return gzipAsync(body, { level: 9 });
  }

  private remember(real: string, entry: Entry): void {
    this.cache.set(real, entry);
    this.cachedBytes += entry.bytes;
    this.evict();
  }

  private forget(real: string, entry: Entry): void {
    this.cache.delete(real);
    this.cachedBytes -= entry.bytes;
  }

  private evict(): void {
    for (const [key, entry] of this.cache) {
      if (this.cachedBytes <= this.maxBytes || this.cache.size <= 1) return;
      this.forget(key, entry);
    }
  }
}
