import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { findMedia, updatePendingMedia } from '../storage/repos/media.ts';
import { checkDeclaredSize, storeUpload } from '../media/storeUpload.ts';
import { MEDIA_ID } from '../media/newMediaId.ts';
import { pregenerateThumbnails } from '../media/pregenerateThumbnails.ts';
import type { UploadInput } from './uploadMedia.ts';

/**
 * PUT /_matrix/media/v3/upload/{serverName}/{mediaId}: the bytes of a media ID reserved by
 * POST /create. Only its creator (else 403 M_FORBIDDEN), only once (409 M_CANNOT_OVERWRITE_MEDIA,
 * also for the loser of two concurrent uploads), only before it expires (404 M_NOT_FOUND).
 */
export async function uploadPendingMedia(deps: AppDeps, userId: string, serverName: string, mediaId: string, input: UploadInput): Promise<void> {
  checkDeclaredSize(deps, input.contentLength);
  if (serverName !== deps.config.serverName || !MEDIA_ID.test(mediaId)) throw new MatrixError('M_NOT_FOUND', 'Unknown media ID');
  const check = async (): Promise<void> => {
    const row = await findMedia(deps.database.db, mediaId);
    if (!row) throw new MatrixError('M_NOT_FOUND', 'Unknown media ID');
    if (row.user_id !== userId) throw new MatrixError('M_FORBIDDEN', 'Only the creator of a media ID may upload to it');
    if (row.sha256 !== null) throw new MatrixError('M_CANNOT_OVERWRITE_MEDIA', 'Media already uploaded');
    if (row.unused_expires_ts !== null && row.unused_expires_ts <= deps.now()) throw new MatrixError('M_NOT_FOUND', 'Media ID expired');
  };
  await check();
  const stored = await storeUpload(deps, userId, input.body, input.contentLength);
  const updated = await updatePendingMedia(deps.database.db, mediaId, {
    sha256: stored.sha256,
    size: stored.size,
    contentType: input.contentType,
    uploadName: input.fileName,
    uploadedTs: deps.now(),
  });
  if (!updated) throw new MatrixError('M_CANNOT_OVERWRITE_MEDIA', 'Media already uploaded');
  pregenerateThumbnails(deps, stored.sha256, stored.size, input.contentType);
}
