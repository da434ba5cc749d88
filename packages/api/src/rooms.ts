/** Room creation, events, state, history, members, receipts, typing (create_room.yaml, room_send.yaml, room_state.yaml, rooms.yaml, message_pagination.yaml, event_context.yaml, ...). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { RoomEvent, EmptyResponse, EventIdResponse, JsonObject, RoomIdResponse, RoomParams } from './schemas.ts';

const StateEvent = Type.Object({
  type: Type.String({ maxLength: 255 }),
  state_key: Type.Optional(Type.String({ maxLength: 255 })),
  content: Type.Record(Type.String(), Type.Unknown()),
});

export const createRoom = defineContract({
  operationId: 'createRoom',
  method: 'POST',
  path: '/_matrix/client/v3/createRoom',
  r0: true,
  auth: 'required',
  body: Type.Object({
    visibility: Type.Optional(Type.Union([Type.Literal('public'), Type.Literal('private')])),
    room_alias_name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    name: Type.Optional(Type.String({ maxLength: 1024 })),
    topic: Type.Optional(Type.String({ maxLength: 16384 })),
    invite: Type.Optional(Type.Array(Type.String(), { maxItems: 500 })),
    invite_3pid: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 0 })),
    room_version: Type.Optional(Type.String()),
    creation_content: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    initial_state: Type.Optional(Type.Array(StateEvent, { maxItems: 100 })),
    preset: Type.Optional(Type.Union([Type.Literal('private_chat'), Type.Literal('public_chat'), Type.Literal('trusted_private_chat')])),
    is_direct: Type.Optional(Type.Boolean()),
    power_level_content_override: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
  response: RoomIdResponse,
});

export const sendMessage = defineContract({
  operationId: 'sendMessage',
  method: 'PUT',
  path: '/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}',
  r0: true,
  auth: 'required',
  params: Type.Object({ roomId: Type.String(), eventType: Type.String(), txnId: Type.String({ minLength: 1, maxLength: 255 }) }),
  body: JsonObject,
  response: EventIdResponse,
});

export const redactEvent = defineContract({
  operationId: 'redactEvent',
  method: 'PUT',
  path: '/_matrix/client/v3/rooms/{roomId}/redact/{eventId}/{txnId}',
  r0: true,
  auth: 'required',
  params: Type.Object({ roomId: Type.String(), eventId: Type.String(), txnId: Type.String({ minLength: 1, maxLength: 255 }) }),
  body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2048 })) }),
  response: EventIdResponse,
});

export const getRoomEvents = defineContract({
  operationId: 'getRoomEvents',
  method: 'GET',
  path: '/_matrix/client/v3/rooms/{roomId}/messages',
  r0: true,
  auth: 'required',
  params: RoomParams,
  query: Type.Object({
    from: Type.Optional(Type.String()),
    to: Type.Optional(Type.String()),
    dir: Type.Union([Type.Literal('b'), Type.Literal('f')]),
    limit: Type.Optional(Type.Integer({ minimum: 0 })),
    filter: Type.Optional(Type.String()),
  }),
  response: Type.Object({
    start: Type.String(),
    end: Type.Optional(Type.String()),
    chunk: Type.Array(RoomEvent),
    state: Type.Optional(Type.Array(RoomEvent)),
  }),
});

export const getOneRoomEvent = defineContract({
  operationId: 'getOneRoomEvent',
  method: 'GET',
  path: '/_matrix/client/v3/rooms/{roomId}/event/{eventId}',
  r0: true,
  auth: 'required',
  params: Type.Object({ roomId: Type.String(), eventId: Type.String() }),
  response: RoomEvent,
});

export const getEventContext = defineContract({
  operationId: 'getEventContext',
  method: 'GET',
  path: '/_matrix/client/v3/rooms/{roomId}/context/{eventId}',
  r0: true,
  auth: 'required',
  params: Type.Object({ roomId: Type.String(), eventId: Type.String() }),
  query: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 0 })), filter: Type.Optional(Type.String()) }),
  response: Type.Object({
    start: Type.Optional(Type.String()),
    end: Type.Optional(Type.String()),
    event: Type.Optional(RoomEvent),
    events_before: Type.Optional(Type.Array(RoomEvent)),
    events_after: Type.Optional(Type.Array(RoomEvent)),
    state: Type.Optional(Type.Array(RoomEvent)),
  }),
});

export const getRoomState = defineContract({
  operationId: 'getRoomState',
  method: 'GET',
  path: '/_matrix/client/v3/rooms/{roomId}/state',
  r0: true,
  auth: 'required',
  params: RoomParams,
  response: Type.Array(RoomEvent),
});

const StateParams = Type.Object({ roomId: Type.String(), eventType: Type.String(), stateKey: Type.Optional(Type.String()) });

/** GET a state event; the spec's path and its two aliases without a state key share the schemas. */
function stateGetContract(path: string) {
  return defineContract({
    operationId: 'getRoomStateWithKey',
    method: 'GET',
    path,
    r0: true,
    auth: 'required',
    params: StateParams,
    query: Type.Object({ format: Type.Optional(Type.Union([Type.Literal('content'), Type.Literal('event')])) }),
    // The content, or the whole event with ?format=event.
    response: JsonObject,
  });
}

/** PUT a state event, as above. */
function statePutContract(path: string) {
  return defineContract({
    operationId: 'setRoomStateWithKey',
    method: 'PUT',
    path,
    r0: true,
    auth: 'required',
    params: StateParams,
    body: Type.Record(Type.String(), Type.Unknown()),
    response: EventIdResponse,
  });
}

export type StateGetContract = ReturnType<typeof stateGetContract>;
export type StatePutContract = ReturnType<typeof statePutContract>;

export const getRoomStateWithKey = stateGetContract('/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}');
export const getRoomStateEmptyKey = stateGetContract('/_matrix/client/v3/rooms/{roomId}/state/{eventType}');
export const getRoomStateEmptyKeySlash = stateGetContract('/_matrix/client/v3/rooms/{roomId}/state/{eventType}/');
export const setRoomStateWithKey = statePutContract('/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}');
export const setRoomStateEmptyKey = statePutContract('/_matrix/client/v3/rooms/{roomId}/state/{eventType}');
export const setRoomStateEmptyKeySlash = statePutContract('/_matrix/client/v3/rooms/{roomId}/state/{eventType}/');

const Membership = Type.Union(['join', 'invite', 'knock', 'leave', 'ban'].map((m) => Type.Literal(m)));

export const getMembersByRoom = defineContract({
  operationId: 'getMembersByRoom',
  method: 'GET',
  path: '/_matrix/client/v3/rooms/{roomId}/members',
  r0: true,
  auth: 'required',
  params: RoomParams,
  query: Type.Object({ at: Type.Optional(Type.String()), membership: Type.Optional(Membership), not_membership: Type.Optional(Membership) }),
  response: Type.Object({ chunk: Type.Array(RoomEvent) }),
});

export const getJoinedMembersByRoom = defineContract({
  operationId: 'getJoinedMembersByRoom',
  method: 'GET',
  path: '/_matrix/client/v3/rooms/{roomId}/joined_members',
  r0: true,
  auth: 'required',
  params: RoomParams,
  response: Type.Object({ joined: Type.Record(Type.String(), Type.Object({ display_name: Type.Optional(Type.String()), avatar_url: Type.Optional(Type.String()) })) }),
});

export const postReceipt = defineContract({
  operationId: 'postReceipt',
  method: 'POST',
  path: '/_matrix/client/v3/rooms/{roomId}/receipt/{receiptType}/{eventId}',
  r0: true,
  auth: 'required',
  params: Type.Object({ roomId: Type.String(), receiptType: Type.String(), eventId: Type.String() }),
  body: Type.Object({ thread_id: Type.Optional(Type.Unknown()) }),
  response: EmptyResponse,
});

export const setReadMarker = defineContract({
  operationId: 'setReadMarker',
  method: 'POST',
  path: '/_matrix/client/v3/rooms/{roomId}/read_markers',
  r0: true,
  auth: 'required',
  params: RoomParams,
  body: Type.Object({
    'm.fully_read': Type.Optional(Type.String()),
    'm.read': Type.Optional(Type.String()),
    'm.read.private': Type.Optional(Type.String()),
  }),
  response: EmptyResponse,
});

export const setTyping = defineContract({
  operationId: 'setTyping',
  method: 'PUT',
  path: '/_matrix/client/v3/rooms/{roomId}/typing/{userId}',
  r0: true,
  auth: 'required',
  params: Type.Object({ roomId: Type.String(), userId: Type.String() }),
  body: Type.Object({ typing: Type.Boolean(), timeout: Type.Optional(Type.Integer({ minimum: 0 })) }),
  response: EmptyResponse,
});
