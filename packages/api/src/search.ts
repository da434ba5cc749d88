/** Server-side search (search.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { RoomEvent, JsonObject } from './schemas.ts';

/** The longest search term accepted (bytes of UTF-16, as the server counts it). */
export const MAX_SEARCH_TERM_LENGTH = 4096;

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

const Result = Type.Object({
  rank: Type.Optional(Type.Number()),
  result: Type.Optional(RoomEvent),
  context: Type.Optional(
    Type.Object({
      start: Type.Optional(Type.String()),
      end: Type.Optional(Type.String()),
      events_before: Type.Optional(Type.Array(RoomEvent)),
      events_after: Type.Optional(Type.Array(RoomEvent)),
      profile_info: Type.Optional(Type.Record(Type.String(), JsonObject)),
    }),
  ),
});

export const search = defineContract({
  operationId: 'search',
  method: 'POST',
  path: '/_matrix/client/v3/search',
  r0: true,
  auth: 'required',
  query: Type.Object({ next_batch: Type.Optional(Type.String()) }),
  body: Type.Object({ search_categories: Type.Object({ room_events: Type.Optional(RoomEventsCriteria) }) }),
  response: Type.Object({
    search_categories: Type.Object({
      room_events: Type.Optional(
        Type.Object({
          count: Type.Optional(Type.Integer()),
          highlights: Type.Optional(Type.Array(Type.String())),
          results: Type.Optional(Type.Array(Result)),
          next_batch: Type.Optional(Type.String()),
          groups: Type.Optional(Type.Record(Type.String(), Type.Record(Type.String(), JsonObject))),
          state: Type.Optional(Type.Record(Type.String(), Type.Array(RoomEvent))),
        }),
      ),
    }),
  }),
});
