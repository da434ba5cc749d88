import { createHash } from 'node:crypto';
import type { AppDeps } from '../deps.ts';
import { availableParallelism } from 'node:os';
import { countThumbnails, findThumbnail, insertThumbnail, type ThumbnailRow } from '../storage/repos/media.ts';
import { contentKey } from './MediaStore.ts';
import { renderThumbnail } from './renderThumbnail.ts';
import { isRecommendedSize, LARGEST_THUMBNAIL, MAX_ON_DEMAND_SIZES, type ThumbnailSize } from './thumbnailSizes.ts';

export interface ThumbnailSource {
  sha256: string;
  size: number;
  /** The type of its thumbnails (THUMBNAIL_TYPES). */
  outputType: string;
}

/** Thumbnails being made on this node, so concurrent requests for one share the work. */
const inFlight = new Map<string, Promise<ThumbnailRow>>();

/**
 * Each render holds the whole original (up to media.max_upload_size) and its decoded pixels, so
 * at most one per core runs on this node; the others wait their turn.
 */
/** The recommended sizes plus the ones made on demand. */
const THUMBNAIL_CAP = 5 + MAX_ON_DEMAND_SIZES;

const MAX_RENDERS = Math.max(1, availableParallelism());
let rendering = 0;
const waiting: Array<() => void> = [];
async function withRenderSlot<T>(run: () => Promise<T>): Promise<T> {
  if (rendering >= MAX_RENDERS) await new Promise<void>((resolve) => waiting.push(resolve));
  else rendering++;
  try {
    return await run();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else rendering--;
  }
}

/**
 * The thumbnail row of `source` at `size`: found in the database, or rendered, stored under its
 * own hash and recorded. When the original is as small as asked (or smaller in bytes), the row
 * points at the original itself, so that answer is cached too. Another node making the same
 * thumbnail at the same time is harmless: both store the same kind of bytes and the first row wins.
 */
export async function ensureThumbnail(deps: AppDeps, source: ThumbnailSource, asked: ThumbnailSize, original?: Buffer): Promise<ThumbnailRow> {
  let size = asked;
  let found = await findThumbnail(deps.database.db, source.sha256, size.width, size.height, size.method);
  if (found) return found;
  // Sizes made on demand are few per content: past the cap, the largest recommended one serves.
  if (!isRecommendedSize(size) && (await countThumbnails(deps.database.db, source.sha256)) >= THUMBNAIL_CAP) {
    size = LARGEST_THUMBNAIL;
    found = await findThumbnail(deps.database.db, source.sha256, size.width, size.height, size.method);
    if (found) return found;
  }
  const key = `${source.sha256}/${size.width}/${size.height}/${size.method}`;
  let work = inFlight.get(key);
  if (!work) {
    work = withRenderSlot(() => make(deps, source, size, original)).finally(() => inFlight.delete(key));
    inFlight.set(key, work);
  }
  return work;
}

async function make(deps: AppDeps, source: ThumbnailSource, size: ThumbnailSize, original: Buffer | undefined): Promise<ThumbnailRow> {
  const input = original ?? (await readOriginal(deps, source.sha256));
  const rendered = await renderThumbnail(input, source.outputType, size, deps.config.media.maxThumbnailPixels);
  const base = { sha256: source.sha256, width: size.width, height: size.height, method: size.method };
  let row: ThumbnailRow;
  if (rendered === 'original') {
    row = { ...base, content_type: '', thumbnail_sha256: source.sha256, size: source.size };
  } else {
    const sha = createHash('sha256').update(rendered.data).digest('hex');
    const thumbKey = contentKey(sha);
    if (!(await deps.media.store.has(thumbKey))) await deps.media.store.put(thumbKey, rendered.data, rendered.data.length);
    row = { ...base, content_type: rendered.contentType, thumbnail_sha256: sha, size: rendered.data.length };
  }
  await insertThumbnail(deps.database.db, row);
  return row;
}

/** The original's bytes (at most media.max_upload_size): sharp decodes from memory. */
export async function readOriginal(deps: AppDeps, sha256: string): Promise<Buffer> {
  const stream = await deps.media.store.get(contentKey(sha256));
  if (!stream) throw new Error(`media content ${sha256} missing from the store`);
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
