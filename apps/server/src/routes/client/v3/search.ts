import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { searchRoomEvents } from '../../../search/searchRoomEvents.ts';
import { MAX_SEARCH_TERM_LENGTH } from '../../../search/tokenizeSearchTerm.ts';

const RoomEventsCriteria = Type.Object({
  search_term: Type.String({ maxLength: MAX_SEARCH_TERM_LENGTH }),
  keys: Type.Optional(Type.Array(Type.Union([Type.Literal('content.body'), Type.Literal('content.name'), Type.Literal('content.topic')]), { maxItems: 10 })),
  filter: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  order_by: Type.Optional(Type.Union([Type.Literal('recent'), Type.Literal('rank')])),
  event_context: Type.Optional(
    Type.Object({
      before_limit: Type.Optional(Type.Integer({ minimum: 0 })),
      after_limit: Type.Optional(Type.Integer({ minimum: 0 })),
      include_profile: Type.Optional(Type.Boolean()),
    }),
  ),
  include_state: Type.Optional(Type.Boolean()),
  groupings: Type.Optional(
    Type.Object({
      group_by: Type.Optional(Type.Array(Type.Object({ key: Type.Optional(Type.Union([Type.Literal('room_id'), Type.Literal('sender')])) }), { maxItems: 10 })),
    }),
  ),
});

/**
 * POST /_matrix/client/v3/search
 * - room_events is the one category; other categories are ignored (the spec's rule).
 * - next_batch must be a token this endpoint issued for the same order_by (else 400 M_INVALID_PARAM).
 * - Results are only events the user may read: see searchRoomEvents and accessRoomsForSearch.
 */
export const search = defineEndpoint({
  operationId: 'search',
  method: 'POST',
  path: '/_matrix/client/v3/search',
  r0: true,
  auth: 'required',
  query: Type.Object({ next_batch: Type.Optional(Type.String()) }),
  body: Type.Object({ search_categories: Type.Object({ room_events: Type.Optional(RoomEventsCriteria) }) }),
  handler: async ({ deps, auth, query, body }) => {
    const categories: Record<string, unknown> = {};
    if (body.search_categories.room_events) categories.room_events = await searchRoomEvents(deps, auth, body.search_categories.room_events, query.next_batch);
    return { search_categories: categories };
  },
});
