import type { AppDeps } from '../deps.ts';
import { THUMBNAIL_TYPES } from '../media/thumbnailSizes.ts';
import { OutboundError } from '../outbound/OutboundError.ts';
import type { Preview } from './previewFromHtml.ts';

/** Stores a fetched preview image as local media and returns its `mxc://` URI (actions/storePreviewImage.ts). */
export type StoreImage = (data: Buffer, contentType: string) => Promise<string>;

/**
 * Replaces the preview's `og:image` (an http(s) URL from the page) by the image stored as local
 * media, as the spec wants an `mxc://` URI there, and adds `matrix:image:size`. The image is fetched
 * through the guarded outbound client with the preview's lists, at most `media.max_upload_size`
 * (and `outbound.max_response_bytes`) bytes, and kept only if it is a JPEG, PNG, GIF or WebP. When
 * it cannot be had, `og:image` and its `og:image:*` keys are dropped: the rest of the preview stands.
 */
export async function previewImage(deps: AppDeps, preview: Preview, storeImage: StoreImage): Promise<Preview> {
  const url = preview['og:image'];
  if (typeof url !== 'string') return preview;
  try {
    const res = await deps.outbound.fetch(url, {
      policy: deps.urlPreviews.policy,
      limits: { maxResponseBytes: Math.min(deps.config.media.maxUploadSize, deps.config.outbound.maxResponseBytes) },
      headers: { accept: 'image/*' },
    });
    const type = String(res.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    if (res.status >= 200 && res.status <= 299 && THUMBNAIL_TYPES.has(type) && res.body.length > 0) {
      return { ...preview, 'og:image': await storeImage(res.body, type), 'matrix:image:size': res.body.length };
    }
    deps.log.info({ status: res.status, type }, 'url preview image not kept');
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    deps.log.info({ kind: err.kind, reason: err.message }, 'url preview image refused or failed');
  }
  return Object.fromEntries(Object.entries(preview).filter(([k]) => k !== 'og:image' && !k.startsWith('og:image:')));
}
