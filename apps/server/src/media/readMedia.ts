import { setTimeout as sleep } from 'node:timers/promises';
import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { findMedia, type MediaRow } from '../storage/repos/media.ts';
import { MEDIA_ID } from './newMediaId.ts';

/** A media row whose bytes are in the store. */
export type UploadedMedia = MediaRow & { sha256: string; size: number };

/** `timeout_ms` of a download: 20 s unless asked, at most a minute. */
export const DEFAULT_WAIT_MS = 20_000;
export const MAX_WAIT_MS = 60_000;

/**
 * The media a download or thumbnail asks for. Remote server names are 404 M_NOT_FOUND (no
 * federation), as are malformed IDs and, on the legacy unauthenticated endpoints (`legacy`),
 * media created on or after `media.legacy_freeze_date`. Media reserved by /create but not
 * uploaded yet is waited for up to `timeoutMs`, then 504 M_NOT_YET_UPLOADED. The wait polls the
 * database (200 ms, backing off to 1 s) rather than listening on this node, so an upload to any
 * node ends it; it is rare (clients download what they were sent), so the polling costs little.
 */
export async function readMedia(deps: AppDeps, serverName: string, mediaId: string, opts: { legacy: boolean; timeoutMs: number | undefined }): Promise<UploadedMedia> {
  if (serverName !== deps.config.serverName) throw new MatrixError('M_NOT_FOUND', 'Remote media is not available from this server');
  if (!MEDIA_ID.test(mediaId)) throw new MatrixError('M_NOT_FOUND', 'Media not found');
  const deadline = deps.now() + Math.min(Math.max(opts.timeoutMs ?? DEFAULT_WAIT_MS, 0), MAX_WAIT_MS);
  let pause = 200;
  for (;;) {
    const row = await findMedia(deps.database.db, mediaId);
    if (!row) throw new MatrixError('M_NOT_FOUND', 'Media not found');
    if (opts.legacy && row.created_ts >= deps.media.legacyFreezeTs) throw new MatrixError('M_NOT_FOUND', 'Media not found');
    if (row.sha256 !== null && row.size !== null) return row as UploadedMedia;
    const now = deps.now();
    if (row.unused_expires_ts !== null && row.unused_expires_ts <= now) throw new MatrixError('M_NOT_FOUND', 'Media not found');
    if (now >= deadline) throw new MatrixError('M_NOT_YET_UPLOADED', 'Media has not been uploaded yet');
    await sleep(Math.min(pause, deadline - now));
    pause = Math.min(pause * 2, 1000);
  }
}
