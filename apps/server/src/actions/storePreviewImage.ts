import { createHash } from 'node:crypto';
import type { AppDeps } from '../deps.ts';
import { insertMedia } from '../storage/repos/media.ts';
import { contentKey } from '../media/MediaStore.ts';
import { newMediaId } from '../media/newMediaId.ts';
import { pregenerateThumbnails } from '../media/pregenerateThumbnails.ts';

/** The owner recorded for preview images: not a user ID, so they count against no one's quota. */
export const PREVIEW_IMAGE_OWNER = 'url_preview';

/** Stores an image fetched for a URL preview as local media (content-addressed like uploads); returns its `mxc://` URI. */
export async function storePreviewImage(deps: AppDeps, data: Buffer, contentType: string): Promise<string> {
  const sha256 = createHash('sha256').update(data).digest('hex');
  const key = contentKey(sha256);
  if (!(await deps.media.store.has(key))) await deps.media.store.put(key, data, data.length);
  const mediaId = newMediaId();
  const now = deps.now();
  await insertMedia(deps.database.db, {
    media_id: mediaId,
    user_id: PREVIEW_IMAGE_OWNER,
    content_type: contentType,
    upload_name: null,
    size: data.length,
    sha256,
    created_ts: now,
    uploaded_ts: now,
    unused_expires_ts: null,
  });
  pregenerateThumbnails(deps, sha256, data.length, contentType);
  return `mxc://${deps.config.serverName}/${mediaId}`;
}
