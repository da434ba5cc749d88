import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { createMedia } from '../../../actions/createMedia.ts';

/** POST /_matrix/media/v1/create: a media ID to upload to later (asynchronous upload). */
export const createContent = defineEndpoint(contracts.createContent, {
  rateLimit: 'mediaUpload',
  handler: ({ deps, auth }) => createMedia(deps, auth.userId),
});
