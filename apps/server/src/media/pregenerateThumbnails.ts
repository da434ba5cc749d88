import type { AppDeps } from '../deps.ts';
import { mimeOf } from './checkUploadMeta.ts';
import { ensureThumbnail, readOriginal } from './ensureThumbnail.ts';
import { THUMBNAIL_SIZES, THUMBNAIL_TYPES } from './thumbnailSizes.ts';

/**
 * After an upload of a thumbnailable image: the spec's recommended sizes, made in the background
 * (the upload's answer does not wait), one after another from one read of the original. A size
 * that cannot be made (too many pixels, undecodable) is left to fail on demand with its error.
 */
export function pregenerateThumbnails(deps: AppDeps, sha256: string, size: number, contentType: string): void {
  const outputType = THUMBNAIL_TYPES.get(mimeOf(contentType));
  if (!outputType) return;
  deps.media.runInBackground(async () => {
    const original = await readOriginal(deps, sha256);
    for (const s of THUMBNAIL_SIZES) {
      try {
        await ensureThumbnail(deps, { sha256, size, outputType }, s, original);
      } catch {
        return;
      }
    }
  });
}
