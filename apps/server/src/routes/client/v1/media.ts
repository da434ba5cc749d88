import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { sendMedia } from '../../../http/sendMedia.ts';
import { readMedia } from '../../../media/readMedia.ts';
import { downloadBody } from '../../../media/downloadBody.ts';
import { thumbnailBody } from '../../../media/thumbnailBody.ts';

/** GET /_matrix/client/v1/media/config: the upload limit (media.max_upload_size). */
export const getConfigAuthed = defineEndpoint(contracts.getConfigAuthed, {
  handler: async ({ deps }) => ({ 'm.upload.size': deps.config.media.maxUploadSize }),
});

/** GET /_matrix/client/v1/media/download/{serverName}/{mediaId}: the file, served with the safe-serving headers (http/sendMedia.ts). */
export const getContentAuthed = defineEndpoint(contracts.getContentAuthed, {
  handler: async ({ deps, params, query, request, reply }) => {
    const media = await readMedia(deps, params.serverName, params.mediaId, { legacy: false, timeoutMs: query.timeout_ms });
    return sendMedia(request, reply, downloadBody(deps, media, true));
  },
});

/** GET /_matrix/client/v1/media/download/{serverName}/{mediaId}/{fileName}: the same, under another file name. */
export const getContentOverrideNameAuthed = defineEndpoint(contracts.getContentOverrideNameAuthed, {
  handler: async ({ deps, params, query, request, reply }) => {
    const media = await readMedia(deps, params.serverName, params.mediaId, { legacy: false, timeoutMs: query.timeout_ms });
    return sendMedia(request, reply, downloadBody(deps, media, true, params.fileName));
  },
});

/** GET /_matrix/client/v1/media/thumbnail/{serverName}/{mediaId}?width=&height=&method= (media/thumbnailBody.ts). */
export const getContentThumbnailAuthed = defineEndpoint(contracts.getContentThumbnailAuthed, {
  handler: async ({ deps, params, query, request, reply }) => {
    const media = await readMedia(deps, params.serverName, params.mediaId, { legacy: false, timeoutMs: query.timeout_ms });
    return sendMedia(request, reply, await thumbnailBody(deps, media, query.width, query.height, query.method ?? 'scale', true));
  },
});

/** The same four under MSC3916's unstable paths (Element's service worker uses them when /versions says so). */
export const getConfigAuthedUnstable = defineEndpoint(contracts.getConfigAuthedUnstable, { handler: getConfigAuthed.handler });
export const getContentAuthedUnstable = defineEndpoint(contracts.getContentAuthedUnstable, { handler: getContentAuthed.handler });
export const getContentOverrideNameAuthedUnstable = defineEndpoint(contracts.getContentOverrideNameAuthedUnstable, { handler: getContentOverrideNameAuthed.handler });
export const getContentThumbnailAuthedUnstable = defineEndpoint(contracts.getContentThumbnailAuthedUnstable, { handler: getContentThumbnailAuthed.handler });
