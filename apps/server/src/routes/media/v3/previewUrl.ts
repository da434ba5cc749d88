import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { previewUrl } from '../../../preview/previewUrl.ts';
import { storePreviewImage } from '../../../actions/storePreviewImage.ts';

/** GET /_matrix/media/v3/preview_url (deprecated): the same as /_matrix/client/v1/media/preview_url. */
export const getUrlPreview = defineEndpoint(contracts.getUrlPreview, {
  rateLimit: 'previewUrl',
  handler: ({ deps, query }) => previewUrl(deps, query.url, query.ts, (data, type) => storePreviewImage(deps, data, type)),
});
