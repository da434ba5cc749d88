import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import type { MediaBody } from '../http/sendMedia.ts';
import type { UploadedMedia } from './readMedia.ts';

/** A thumbnail of the media (to come: sharp). */
export async function thumbnailBody(
  _deps: AppDeps,
  _media: UploadedMedia,
  _width: number,
  _height: number,
  _method: 'crop' | 'scale',
  _authenticated: boolean,
): Promise<MediaBody> {
  throw new MatrixError('M_UNKNOWN', 'Cannot generate thumbnails for this content');
}
