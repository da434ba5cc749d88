/** Schemas shared by several contracts (client-server API definitions: ClientEvent, event content, ...). */
import { Type } from '@sinclair/typebox';

/** An event's content, or any JSON object. */
export const JsonObject = Type.Record(Type.String(), Type.Unknown());

/** A 200 with an empty object (extra properties allowed, as everywhere). */
export const EmptyResponse = Type.Object({});

/** `{ event_id }` answered by the send endpoints. */
export const EventIdResponse = Type.Object({ event_id: Type.String() });

/** `{ room_id }` answered by createRoom and the join endpoints. */
export const RoomIdResponse = Type.Object({ room_id: Type.String() });

export const RoomParams = Type.Object({ roomId: Type.String() });

/** definitions/client_event_without_room_id.yaml: the events of /sync (room_id may be there too). */
export const ClientEvent = Type.Object({
  event_id: Type.String(),
  type: Type.String(),
  sender: Type.String(),
  origin_server_ts: Type.Integer(),
  content: JsonObject,
  room_id: Type.Optional(Type.String()),
  state_key: Type.Optional(Type.String()),
  unsigned: Type.Optional(JsonObject),
});

/** definitions/client_event.yaml: an event read outside /sync carries its room_id. */
export const RoomEvent = Type.Object({ ...ClientEvent.properties, room_id: Type.String() });

/** definitions/event.yaml: account data, ephemeral and to-device events. */
export const BasicEvent = Type.Object({ type: Type.String(), content: JsonObject });

/** definitions/stripped_state.yaml */
export const StrippedStateEvent = Type.Object({ type: Type.String(), state_key: Type.String(), sender: Type.String(), content: JsonObject });

/** definitions/room_summary.yaml: a room as /room_summary and /hierarchy describe it (server side: reads/describeRoom.ts). */
export const RoomDescription = Type.Object({
  room_id: Type.String(),
  canonical_alias: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  topic: Type.Optional(Type.String()),
  avatar_url: Type.Optional(Type.String()),
  num_joined_members: Type.Integer(),
  join_rule: Type.String(),
  guest_can_join: Type.Boolean(),
  world_readable: Type.Boolean(),
  room_type: Type.Optional(Type.String()),
  room_version: Type.Optional(Type.String()),
  encryption: Type.Optional(Type.String()),
  /** A restricted room's rooms whose members may join it. */
  allowed_room_ids: Type.Optional(Type.Array(Type.String())),
});
