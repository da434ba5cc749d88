import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import type { MediaBody } from '../http/sendMedia.ts';
import { mimeOf } from './checkUploadMeta.ts';
import { contentKey } from './MediaStore.ts';
import { ensureThumbnail } from './ensureThumbnail.ts';
import type { UploadedMedia } from './readMedia.ts';
import { pickThumbnailSize, THUMBNAIL_TYPES, type ThumbnailMethod } from './thumbnailSizes.ts';

/**
 * The response body of a thumbnail request: a cached or freshly made thumbnail, or the original
 * when it is already no larger than asked. Content that is not a JPEG, PNG, GIF or WebP image
 * (SVG, HTML, PDF, video...) is 400 M_UNKNOWN, as the spec's 400 for "cannot thumbnail" says.
 */
export async function thumbnailBody(deps: AppDeps, media: UploadedMedia, width: number, height: number, method: ThumbnailMethod, authenticated: boolean): Promise<MediaBody> {
  const mime = mimeOf(media.content_type);
  const outputType = THUMBNAIL_TYPES.get(mime);
  if (!outputType) throw new MatrixError('M_UNKNOWN', 'Cannot generate thumbnails for this content type');
  const row = await ensureThumbnail(deps, { sha256: media.sha256, size: media.size, outputType }, pickThumbnailSize(width, height, method));
  const isOriginal = row.thumbnail_sha256 === media.sha256;
  const key = contentKey(row.thumbnail_sha256);
  return {
    sha256: row.thumbnail_sha256,
    contentType: isOriginal ? (media.content_type ?? mime) : row.content_type,
    size: row.size,
    fileName: null,
    authenticated,
    open: (range) => deps.media.store.get(key, range),
  };
}
