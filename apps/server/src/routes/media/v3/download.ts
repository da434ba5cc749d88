import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { sendMedia } from '../../../http/sendMedia.ts';
import { readMedia } from '../../../media/readMedia.ts';
import { downloadBody } from '../../../media/downloadBody.ts';
import { thumbnailBody } from '../../../media/thumbnailBody.ts';

/** GET /_matrix/media/v3/config (deprecated): as /_matrix/client/v1/media/config. */
export const getConfig = defineEndpoint(contracts.getConfig, {
  handler: async ({ deps }) => ({ 'm.upload.size': deps.config.media.maxUploadSize }),
});

/**
 * GET /_matrix/media/v3/download/{serverName}/{mediaId} (deprecated): without an access token
 * it is frozen, so media created on or after media.legacy_freeze_date is 404 M_NOT_FOUND here
 * (media/readMedia.ts); with one it serves like the authenticated endpoint, as Synapse does.
 */
export const getContent = defineEndpoint(contracts.getContent, {
  handler: async ({ deps, auth, params, query, request, reply }) => {
    const media = await readMedia(deps, params.serverName, params.mediaId, { legacy: auth === null, timeoutMs: query.timeout_ms });
    return sendMedia(request, reply, downloadBody(deps, media, auth !== null));
  },
});

export const getContentOverrideName = defineEndpoint(contracts.getContentOverrideName, {
  handler: async ({ deps, auth, params, query, request, reply }) => {
    const media = await readMedia(deps, params.serverName, params.mediaId, { legacy: auth === null, timeoutMs: query.timeout_ms });
    return sendMedia(request, reply, downloadBody(deps, media, auth !== null, params.fileName));
  },
});

export const getContentThumbnail = defineEndpoint(contracts.getContentThumbnail, {
  handler: async ({ deps, auth, params, query, request, reply }) => {
    const media = await readMedia(deps, params.serverName, params.mediaId, { legacy: auth === null, timeoutMs: query.timeout_ms });
    return sendMedia(request, reply, await thumbnailBody(deps, media, query.width, query.height, query.method ?? 'scale', auth !== null));
  },
});
