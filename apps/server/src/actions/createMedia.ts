import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { countPendingMedia, insertMedia } from '../storage/repos/media.ts';
import { newMediaId } from '../media/newMediaId.ts';

/**
 * POST /_matrix/media/v1/create: reserves a media ID for an upload to come (PUT
 * /_matrix/media/v3/upload/{serverName}/{mediaId}), by its creator only, before
 * `unused_expires_at`. At most `media.max_pending_uploads` per user wait at once (429 M_LIMIT_EXCEEDED).
 */
export async function createMedia(deps: AppDeps, userId: string): Promise<{ content_uri: string; unused_expires_at: number }> {
  const now = deps.now();
  const expires = now + deps.config.media.unusedExpiryMs;
  const mediaId = newMediaId();
  await deps.database.transaction(async (tx) => {
    if ((await countPendingMedia(tx, userId, now)) >= deps.config.media.maxPendingUploads) {
      throw new MatrixError('M_LIMIT_EXCEEDED', 'Too many pending uploads', { retry_after_ms: 60_000 }, 429, { 'retry-after': '60' });
    }
    await insertMedia(tx, {
      media_id: mediaId,
      user_id: userId,
      content_type: null,
      upload_name: null,
      size: null,
      sha256: null,
      created_ts: now,
      uploaded_ts: null,
      unused_expires_ts: expires,
    });
  });
  return { content_uri: `mxc://${deps.config.serverName}/${mediaId}`, unused_expires_at: expires };
}
