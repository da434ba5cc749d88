import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { previewUrl } from '../../../preview/previewUrl.ts';
import { storePreviewImage } from '../../../actions/storePreviewImage.ts';

/**
 * GET /_matrix/client/v1/media/preview_url?url=&ts=
 * - 404 M_UNRECOGNIZED unless url_preview.enabled; rate limited per user (rate_limits.preview_url).
 * - The page is fetched through the guarded outbound client: see preview/previewUrl.ts; its og:image
 *   is stored as local media (actions/storePreviewImage.ts) and returned as an mxc:// URI.
 */
export const getUrlPreviewAuthed = defineEndpoint(contracts.getUrlPreviewAuthed, {
  rateLimit: 'previewUrl',
  handler: ({ deps, query }) => previewUrl(deps, query.url, query.ts, (data, type) => storePreviewImage(deps, data, type)),
});
