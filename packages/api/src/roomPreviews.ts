/** Looking at a room from outside or before joining (room_initial_sync.yaml, room_summary.yaml / MSC3266). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { BasicEvent, RoomDescription, RoomEvent, RoomParams } from './schemas.ts';

const Membership = Type.Union([Type.Literal('invite'), Type.Literal('join'), Type.Literal('knock'), Type.Literal('leave'), Type.Literal('ban')]);

/** The RoomInfo of room_initial_sync.yaml. */
const RoomInfo = Type.Object({
  room_id: Type.String(),
  membership: Type.Optional(Membership),
  messages: Type.Object({ chunk: Type.Array(RoomEvent), start: Type.Optional(Type.String()), end: Type.Optional(Type.String()) }),
  state: Type.Array(RoomEvent),
  visibility: Type.Union([Type.Literal('public'), Type.Literal('private')]),
  account_data: Type.Array(BasicEvent),
  presence: Type.Array(BasicEvent),
});

/** Deprecated in the spec, but Element calls it to peek into a room it is not joined to. */
export const roomInitialSync = defineContract({
  operationId: 'roomInitialSync',
  method: 'GET',
  path: '/_matrix/client/v3/rooms/{roomId}/initialSync',
  r0: true,
  auth: 'required',
  params: RoomParams,
  /** Not in the spec but sent by matrix-js-sdk (and honoured by Synapse): how many latest events. */
  query: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 0 })) }),
  response: RoomInfo,
});

const SummaryParams = Type.Object({ roomIdOrAlias: Type.String() });
/** `via` names servers to ask over federation; there is none, so it is accepted and ignored. */
const SummaryQuery = Type.Object({ via: Type.Optional(Type.Union([Type.String(), Type.Array(Type.String())])) });

/** definitions/room_summary.yaml, with the caller's membership. */
const RoomSummary = Type.Object({ ...RoomDescription.properties, membership: Type.Optional(Membership) });

export const getRoomSummary = defineContract({
  operationId: 'getRoomSummary',
  method: 'GET',
  path: '/_matrix/client/v1/room_summary/{roomIdOrAlias}',
  auth: 'optional',
  params: SummaryParams,
  query: SummaryQuery,
  response: RoomSummary,
});

/** MSC3266's unstable paths, still called by clients that predate Matrix 1.15. */
export const getRoomSummaryUnstable = defineContract({ ...getRoomSummary, path: '/_matrix/client/unstable/im.nheko.summary/rooms/{roomIdOrAlias}/summary' });
export const getRoomSummaryUnstableShort = defineContract({ ...getRoomSummary, path: '/_matrix/client/unstable/im.nheko.summary/summary/{roomIdOrAlias}' });

/** peeking_events.yaml: the events after `from` in one room the caller may read, waiting up to `timeout` for some. */
export const peekEvents = defineContract({
  operationId: 'peekEvents',
  method: 'GET',
  path: '/_matrix/client/v3/events',
  r0: true,
  auth: 'required',
  query: Type.Object({
    room_id: Type.String(),
    from: Type.Optional(Type.String()),
    timeout: Type.Optional(Type.Integer({ minimum: 0 })),
  }),
  response: Type.Object({ start: Type.String(), end: Type.String(), chunk: Type.Array(RoomEvent) }),
});
