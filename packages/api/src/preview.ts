/** URL previews (authed-content-repo.yaml and content-repo.yaml: preview_url). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';

const PreviewQuery = Type.Object({
  url: Type.String({ minLength: 1 }),
  ts: Type.Optional(Type.Integer()),
});

/** OpenGraph data for a URL; may be empty. `og:image` is the page's image stored as local media (an `mxc://` URI). */
const Preview = Type.Object(
  {
    'og:title': Type.Optional(Type.String()),
    'og:description': Type.Optional(Type.String()),
    'og:image': Type.Optional(Type.String({ pattern: '^mxc://' })),
    'og:image:width': Type.Optional(Type.Integer()),
    'og:image:height': Type.Optional(Type.Integer()),
    'matrix:image:size': Type.Optional(Type.Integer()),
  },
  { additionalProperties: Type.Union([Type.String(), Type.Number()]) },
);

export const getUrlPreviewAuthed = defineContract({
  operationId: 'getUrlPreviewAuthed',
  method: 'GET',
  path: '/_matrix/client/v1/media/preview_url',
  auth: 'required',
  query: PreviewQuery,
  response: Preview,
});

/** Deprecated by the authenticated media endpoints (Matrix 1.11); still asked for by older clients. */
export const getUrlPreview = defineContract({
  operationId: 'getUrlPreview',
  method: 'GET',
  path: '/_matrix/media/v3/preview_url',
  auth: 'required',
  query: PreviewQuery,
  response: Preview,
});
