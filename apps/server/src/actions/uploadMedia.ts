import type { Readable } from 'node:stream';
import type { AppDeps } from '../deps.ts';
import { insertMedia } from '../storage/repos/media.ts';
import { storeUpload } from '../media/storeUpload.ts';
import { newMediaId } from '../media/newMediaId.ts';
import { pregenerateThumbnails } from '../media/pregenerateThumbnails.ts';

export interface UploadInput {
  body: Readable;
  contentLength: number | undefined;
  contentType: string;
  fileName: string | null;
}

/** POST /_matrix/media/v3/upload: stores the bytes and a new media ID for them; returns the `mxc://` URI. */
export async function uploadMedia(deps: AppDeps, userId: string, input: UploadInput): Promise<string> {
  const stored = await storeUpload(deps, userId, input.body, input.contentLength);
  const mediaId = newMediaId();
  const now = deps.now();
  await insertMedia(deps.database.db, {
    media_id: mediaId,
    user_id: userId,
    content_type: input.contentType,
    upload_name: input.fileName,
    size: stored.size,
    sha256: stored.sha256,
    created_ts: now,
    uploaded_ts: now,
    unused_expires_ts: null,
  });
  pregenerateThumbnails(deps, stored.sha256, stored.size, input.contentType);
  return `mxc://${deps.config.serverName}/${mediaId}`;
}
