/** /sync and filters (sync.yaml, filter.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { BasicEvent, ClientEvent, JsonObject, StrippedStateEvent } from './schemas.ts';

const Events = <T extends typeof ClientEvent | typeof BasicEvent | typeof StrippedStateEvent>(event: T) => Type.Object({ events: Type.Optional(Type.Array(event)) });

const UnreadCounts = Type.Object({ highlight_count: Type.Optional(Type.Integer()), notification_count: Type.Optional(Type.Integer()) });

const Timeline = Type.Object({ events: Type.Array(ClientEvent), limited: Type.Optional(Type.Boolean()), prev_batch: Type.Optional(Type.String()) });

const RoomSummary = Type.Object({
  'm.heroes': Type.Optional(Type.Array(Type.String())),
  'm.joined_member_count': Type.Optional(Type.Integer()),
  'm.invited_member_count': Type.Optional(Type.Integer()),
});

const JoinedRoom = Type.Object({
  summary: Type.Optional(RoomSummary),
  state: Type.Optional(Events(ClientEvent)),
  state_after: Type.Optional(Events(ClientEvent)),
  timeline: Type.Optional(Timeline),
  ephemeral: Type.Optional(Events(BasicEvent)),
  account_data: Type.Optional(Events(BasicEvent)),
  unread_notifications: Type.Optional(UnreadCounts),
  unread_thread_notifications: Type.Optional(Type.Record(Type.String(), UnreadCounts)),
});

const LeftRoom = Type.Object({
  state: Type.Optional(Events(ClientEvent)),
  state_after: Type.Optional(Events(ClientEvent)),
  timeline: Type.Optional(Timeline),
  account_data: Type.Optional(Events(BasicEvent)),
});

const SyncResponse = Type.Object({
  next_batch: Type.String(),
  rooms: Type.Optional(
    Type.Object({
      join: Type.Optional(Type.Record(Type.String(), JoinedRoom)),
      invite: Type.Optional(Type.Record(Type.String(), Type.Object({ invite_state: Type.Optional(Events(StrippedStateEvent)) }))),
      knock: Type.Optional(Type.Record(Type.String(), Type.Object({ knock_state: Type.Optional(Events(StrippedStateEvent)) }))),
      leave: Type.Optional(Type.Record(Type.String(), LeftRoom)),
    }),
  ),
  presence: Type.Optional(Events(BasicEvent)),
  account_data: Type.Optional(Events(BasicEvent)),
  to_device: Type.Optional(Type.Object({ events: Type.Optional(Type.Array(Type.Object({ type: Type.String(), sender: Type.String(), content: JsonObject }))) })),
  device_lists: Type.Optional(Type.Object({ changed: Type.Optional(Type.Array(Type.String())), left: Type.Optional(Type.Array(Type.String())) })),
  device_one_time_keys_count: Type.Optional(Type.Record(Type.String(), Type.Integer())),
  device_unused_fallback_key_types: Type.Optional(Type.Array(Type.String())),
});

export const sync = defineContract({
  operationId: 'sync',
  method: 'GET',
  path: '/_matrix/client/v3/sync',
  r0: true,
  auth: 'required',
  query: Type.Object({
    since: Type.Optional(Type.String()),
    timeout: Type.Optional(Type.Integer({ minimum: 0 })),
    filter: Type.Optional(Type.String()),
    full_state: Type.Optional(Type.Boolean()),
    set_presence: Type.Optional(Type.Union([Type.Literal('offline'), Type.Literal('online'), Type.Literal('unavailable')])),
    use_state_after: Type.Optional(Type.Boolean()),
  }),
  response: SyncResponse,
});

export const defineFilter = defineContract({
  operationId: 'defineFilter',
  method: 'POST',
  path: '/_matrix/client/v3/user/{userId}/filter',
  r0: true,
  auth: 'required',
  params: Type.Object({ userId: Type.String() }),
  body: Type.Record(Type.String(), Type.Unknown()),
  response: Type.Object({ filter_id: Type.String() }),
});

export const getFilter = defineContract({
  operationId: 'getFilter',
  method: 'GET',
  path: '/_matrix/client/v3/user/{userId}/filter/{filterId}',
  r0: true,
  auth: 'required',
  params: Type.Object({ userId: Type.String(), filterId: Type.String() }),
  // definitions/sync_filter.yaml: every field optional.
  response: JsonObject,
});
