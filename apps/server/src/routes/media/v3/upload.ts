import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { uploadOf } from '../../../http/uploadOf.ts';
import { checkContentType, checkFileName } from '../../../media/checkUploadMeta.ts';
import { uploadMedia } from '../../../actions/uploadMedia.ts';
import { uploadPendingMedia } from '../../../actions/uploadPendingMedia.ts';

/**
 * POST /_matrix/media/v3/upload?filename= : the body is the file (streamed, at most
 * media.max_upload_size: 413 M_TOO_LARGE), typed by its Content-Type; quota 403 M_FORBIDDEN.
 */
export const uploadContent = defineEndpoint(contracts.uploadContent, {
  rateLimit: 'mediaUpload',
  handler: async ({ deps, auth, query, body, request }) => {
    const upload = uploadOf(request, body);
    const fileName = checkFileName(query.filename);
    const contentUri = await uploadMedia(deps, auth.userId, { ...upload, contentType: checkContentType(upload.contentTypeHeader), fileName });
    return { content_uri: contentUri };
  },
});

/** PUT /_matrix/media/v3/upload/{serverName}/{mediaId}: the bytes of a media ID from POST /_matrix/media/v1/create. */
export const uploadContentToMXC = defineEndpoint(contracts.uploadContentToMXC, {
  rateLimit: 'mediaUpload',
  handler: async ({ deps, auth, params, query, body, request }) => {
    const upload = uploadOf(request, body);
    const fileName = checkFileName(query.filename);
    await uploadPendingMedia(deps, auth.userId, params.serverName, params.mediaId, { ...upload, contentType: checkContentType(upload.contentTypeHeader), fileName });
    return {};
  },
});
