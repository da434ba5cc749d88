/** The content repository (authed-content-repo.yaml and content-repo.yaml), but preview_url (preview.ts). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';

const MediaParams = Type.Object({ serverName: Type.String(), mediaId: Type.String() });
const MediaNameParams = Type.Object({ serverName: Type.String(), mediaId: Type.String(), fileName: Type.String() });
const TimeoutMs = Type.Optional(Type.Integer({ minimum: 0 }));
const DownloadQuery = Type.Object({ timeout_ms: TimeoutMs });
/** Legacy downloads also take `allow_remote` and `allow_redirect`; without federation they change nothing. */
const LegacyDownloadQuery = Type.Object({ timeout_ms: TimeoutMs, allow_remote: Type.Optional(Type.Boolean()), allow_redirect: Type.Optional(Type.Boolean()) });
const ThumbnailQuery = Type.Object({
  width: Type.Integer({ minimum: 1 }),
  height: Type.Integer({ minimum: 1 }),
  method: Type.Optional(Type.Union([Type.Literal('crop'), Type.Literal('scale')])),
  timeout_ms: TimeoutMs,
  animated: Type.Optional(Type.Boolean()),
  allow_remote: Type.Optional(Type.Boolean()),
  allow_redirect: Type.Optional(Type.Boolean()),
});
/** The bytes of the file: not JSON, so the API tests have nothing to check against. */
const Bytes = Type.Unknown({ description: 'the media bytes' });
const MediaConfig = Type.Object({ 'm.upload.size': Type.Optional(Type.Integer()) });
const ContentUri = Type.Object({ content_uri: Type.String({ pattern: '^mxc://' }) });

export const getConfigAuthed = defineContract({
  operationId: 'getConfigAuthed',
  method: 'GET',
  path: '/_matrix/client/v1/media/config',
  auth: 'required',
  response: MediaConfig,
});

export const getContentAuthed = defineContract({
  operationId: 'getContentAuthed',
  method: 'GET',
  path: '/_matrix/client/v1/media/download/{serverName}/{mediaId}',
  auth: 'required',
  params: MediaParams,
  query: DownloadQuery,
  response: Bytes,
});

export const getContentOverrideNameAuthed = defineContract({
  operationId: 'getContentOverrideNameAuthed',
  method: 'GET',
  path: '/_matrix/client/v1/media/download/{serverName}/{mediaId}/{fileName}',
  auth: 'required',
  params: MediaNameParams,
  query: DownloadQuery,
  response: Bytes,
});

export const getContentThumbnailAuthed = defineContract({
  operationId: 'getContentThumbnailAuthed',
  method: 'GET',
  path: '/_matrix/client/v1/media/thumbnail/{serverName}/{mediaId}',
  auth: 'required',
  params: MediaParams,
  query: ThumbnailQuery,
  response: Bytes,
});

export const uploadContent = defineContract({
  operationId: 'uploadContent',
  method: 'POST',
  path: '/_matrix/media/v3/upload',
  r0: true,
  auth: 'required',
  query: Type.Object({ filename: Type.Optional(Type.String()) }),
  rawBody: true,
  response: ContentUri,
});

export const createContent = defineContract({
  operationId: 'createContent',
  method: 'POST',
  path: '/_matrix/media/v1/create',
  auth: 'required',
  response: Type.Object({ content_uri: Type.String({ pattern: '^mxc://' }), unused_expires_at: Type.Optional(Type.Integer()) }),
});

export const uploadContentToMXC = defineContract({
  operationId: 'uploadContentToMXC',
  method: 'PUT',
  path: '/_matrix/media/v3/upload/{serverName}/{mediaId}',
  r0: true,
  auth: 'required',
  params: MediaParams,
  query: Type.Object({ filename: Type.Optional(Type.String()) }),
  rawBody: true,
  response: Type.Object({}),
});

/**
 * Deprecated by the authenticated endpoints (Matrix 1.11); frozen for media newer than
 * `media.legacy_freeze_date` unless the request carries an access token (as Synapse does, and as
 * Element's service worker and matrix-bot-sdk 0.7 rely on).
 */
export const getContent = defineContract({
  operationId: 'getContent',
  method: 'GET',
  path: '/_matrix/media/v3/download/{serverName}/{mediaId}',
  r0: true,
  auth: 'optional',
  params: MediaParams,
  query: LegacyDownloadQuery,
  response: Bytes,
});

export const getContentOverrideName = defineContract({
  operationId: 'getContentOverrideName',
  method: 'GET',
  path: '/_matrix/media/v3/download/{serverName}/{mediaId}/{fileName}',
  r0: true,
  auth: 'optional',
  params: MediaNameParams,
  query: LegacyDownloadQuery,
  response: Bytes,
});

export const getContentThumbnail = defineContract({
  operationId: 'getContentThumbnail',
  method: 'GET',
  path: '/_matrix/media/v3/thumbnail/{serverName}/{mediaId}',
  r0: true,
  auth: 'optional',
  params: MediaParams,
  query: ThumbnailQuery,
  response: Bytes,
});

export const getConfig = defineContract({
  operationId: 'getConfig',
  method: 'GET',
  path: '/_matrix/media/v3/config',
  r0: true,
  auth: 'required',
  response: MediaConfig,
});

/** MSC3916's unstable paths of the authenticated endpoints, which Element's service worker rewrites legacy media URLs to. */
const MSC3916 = '/_matrix/client/unstable/org.matrix.msc3916/media';
export const getConfigAuthedUnstable = defineContract({ ...getConfigAuthed, operationId: 'getConfigAuthedUnstable', path: `${MSC3916}/config` });
export const getContentAuthedUnstable = defineContract({ ...getContentAuthed, operationId: 'getContentAuthedUnstable', path: `${MSC3916}/download/{serverName}/{mediaId}` });
export const getContentOverrideNameAuthedUnstable = defineContract({
  ...getContentOverrideNameAuthed,
  operationId: 'getContentOverrideNameAuthedUnstable',
  path: `${MSC3916}/download/{serverName}/{mediaId}/{fileName}`,
});
export const getContentThumbnailAuthedUnstable = defineContract({
  ...getContentThumbnailAuthed,
  operationId: 'getContentThumbnailAuthedUnstable',
  path: `${MSC3916}/thumbnail/{serverName}/{mediaId}`,
});
