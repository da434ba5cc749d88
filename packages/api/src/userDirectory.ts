/** Searching for people (users.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';

/** Longest search term accepted: a display name is at most 256 characters. */
export const MAX_USER_SEARCH_TERM_LENGTH = 256;
/** Most results one search returns, whatever limit is asked. */
export const MAX_USER_SEARCH_LIMIT = 50;

export const searchUserDirectory = defineContract({
  operationId: 'searchUserDirectory',
  method: 'POST',
  path: '/_matrix/client/v3/user_directory/search',
  r0: true,
  auth: 'required',
  body: Type.Object({
    search_term: Type.String({ maxLength: MAX_USER_SEARCH_TERM_LENGTH }),
    limit: Type.Optional(Type.Integer({ minimum: 0 })),
  }),
  response: Type.Object({
    results: Type.Array(Type.Object({ user_id: Type.String(), display_name: Type.Optional(Type.String()), avatar_url: Type.Optional(Type.String()) })),
    limited: Type.Boolean(),
  }),
});
