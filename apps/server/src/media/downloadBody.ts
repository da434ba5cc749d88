import type { AppDeps } from '../deps.ts';
import type { MediaBody } from '../http/sendMedia.ts';
import { contentKey } from './MediaStore.ts';
import type { UploadedMedia } from './readMedia.ts';

/** The response body of a download: the stored bytes under the upload's name (or the one in the path). */
export function downloadBody(deps: AppDeps, media: UploadedMedia, authenticated: boolean, fileName?: string): MediaBody {
  const key = contentKey(media.sha256);
  return {
    sha256: media.sha256,
    contentType: media.content_type ?? 'application/octet-stream',
    size: media.size,
    fileName: fileName ?? media.upload_name,
    authenticated,
    open: (range) => deps.media.store.get(key, range),
  };
}
