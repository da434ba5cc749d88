import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { sumUserMediaBytes } from '../storage/repos/media.ts';
import { contentKey } from './MediaStore.ts';
import { stageUpload } from './stageUpload.ts';

export interface StoredContent {
  sha256: string;
  size: number;
}

/** 413 M_TOO_LARGE when the declared Content-Length already passes media.max_upload_size: checked before anything else. */
export function checkDeclaredSize(deps: AppDeps, contentLength: number | undefined): void {
  const max = deps.config.media.maxUploadSize;
  if (contentLength !== undefined && contentLength > max) throw new MatrixError('M_TOO_LARGE', `Upload is larger than ${max} bytes`);
}

/**
 * Takes an upload's bytes into the store: refused early by its Content-Length when that already
 * passes `media.max_upload_size` (413) or the user's quota (403), then staged while hashed (and cut
 * off at the limit), checked against the quota again, and put in the store under its SHA-256
 * unless the same content is already there (identical uploads are stored once).
 */
export async function storeUpload(deps: AppDeps, userId: string, body: Readable, contentLength: number | undefined): Promise<StoredContent> {
  const { maxUploadSize, userQuota } = deps.config.media;
  checkDeclaredSize(deps, contentLength);
  const used = userQuota > 0 ? await sumUserMediaBytes(deps.database.db, userId) : 0;
  const overQuota = (size: number): MatrixError | undefined =>
    userQuota > 0 && used + size > userQuota ? new MatrixError('M_FORBIDDEN', 'Media quota exceeded', { quota: userQuota, used }) : undefined;
  const early = overQuota(contentLength ?? 0);
  if (early) throw early;
  const staged = await stageUpload(body, deps.media.stagingDir, maxUploadSize);
  try {
    const late = overQuota(staged.size);
    if (late) throw late;
    const key = contentKey(staged.sha256);
    if (!(await deps.media.store.has(key))) await deps.media.store.put(key, createReadStream(staged.path), staged.size);
    return { sha256: staged.sha256, size: staged.size };
  } finally {
    await staged.discard();
  }
}
