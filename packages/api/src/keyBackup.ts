/** Server-side key backups (key_backup.yaml). */
import { Type } from '@sinclair/typebox';
import { defineContract } from './defineContract.ts';
import { EmptyResponse, JsonObject } from './schemas.ts';

/** definitions/key_backup_version (GET /room_keys/version[/{version}]). */
const KeyBackupVersion = Type.Object({ algorithm: Type.String(), auth_data: JsonObject, count: Type.Integer(), etag: Type.String(), version: Type.String() });

const BackupVersionBody = Type.Object({
  algorithm: Type.String({ minLength: 1, maxLength: 255 }),
  auth_data: JsonObject,
  version: Type.Optional(Type.String()),
});

const VersionParams = Type.Object({ version: Type.String({ minLength: 1, maxLength: 64 }) });
const VersionQuery = Type.Object({ version: Type.String({ minLength: 1, maxLength: 64 }) });
const RoomParams = Type.Object({ roomId: Type.String({ minLength: 1, maxLength: 255 }) });
const SessionParams = Type.Object({ roomId: Type.String({ minLength: 1, maxLength: 255 }), sessionId: Type.String({ minLength: 1, maxLength: 255 }) });

/** A megolm index or forwarding count: a u32 in every client. */
const U32 = Type.Integer({ minimum: 0, maximum: 4_294_967_295 });

/** definitions/key_backup_data.yaml */
const KeyBackupData = Type.Object({
  first_message_index: U32,
  forwarded_count: U32,
  is_verified: Type.Boolean(),
  session_data: JsonObject,
});

/** definitions/room_key_backup.yaml */
const RoomKeyBackup = Type.Object({ sessions: Type.Record(Type.String({ minLength: 1, maxLength: 255 }), KeyBackupData) });

/** RoomKeysUpdateResponse */
const RoomKeysUpdate = Type.Object({ etag: Type.String(), count: Type.Integer() });

export const postRoomKeysVersion = defineContract({
  operationId: 'postRoomKeysVersion',
  method: 'POST',
  path: '/_matrix/client/v3/room_keys/version',
  auth: 'required',
  body: BackupVersionBody,
  response: Type.Object({ version: Type.String() }),
});

export const getRoomKeysVersionCurrent = defineContract({
  operationId: 'getRoomKeysVersionCurrent',
  method: 'GET',
  path: '/_matrix/client/v3/room_keys/version',
  auth: 'required',
  response: KeyBackupVersion,
});

export const getRoomKeysVersion = defineContract({
  operationId: 'getRoomKeysVersion',
  method: 'GET',
  path: '/_matrix/client/v3/room_keys/version/{version}',
  auth: 'required',
  params: VersionParams,
  response: KeyBackupVersion,
});

export const putRoomKeysVersion = defineContract({
  operationId: 'putRoomKeysVersion',
  method: 'PUT',
  path: '/_matrix/client/v3/room_keys/version/{version}',
  auth: 'required',
  params: VersionParams,
  body: BackupVersionBody,
  response: EmptyResponse,
});

export const deleteRoomKeysVersion = defineContract({
  operationId: 'deleteRoomKeysVersion',
  method: 'DELETE',
  path: '/_matrix/client/v3/room_keys/version/{version}',
  auth: 'required',
  params: VersionParams,
  response: EmptyResponse,
});

export const putRoomKeys = defineContract({
  operationId: 'putRoomKeys',
  method: 'PUT',
  path: '/_matrix/client/v3/room_keys/keys',
  auth: 'required',
  query: VersionQuery,
  body: Type.Object({ rooms: Type.Record(Type.String({ minLength: 1, maxLength: 255 }), RoomKeyBackup) }),
  response: RoomKeysUpdate,
});

export const getRoomKeys = defineContract({
  operationId: 'getRoomKeys',
  method: 'GET',
  path: '/_matrix/client/v3/room_keys/keys',
  auth: 'required',
  query: VersionQuery,
  response: Type.Object({ rooms: Type.Record(Type.String(), RoomKeyBackup) }),
});

export const deleteRoomKeys = defineContract({
  operationId: 'deleteRoomKeys',
  method: 'DELETE',
  path: '/_matrix/client/v3/room_keys/keys',
  auth: 'required',
  query: VersionQuery,
  response: RoomKeysUpdate,
});

export const putRoomKeysByRoomId = defineContract({
  operationId: 'putRoomKeysByRoomId',
  method: 'PUT',
  path: '/_matrix/client/v3/room_keys/keys/{roomId}',
  auth: 'required',
  params: RoomParams,
  query: VersionQuery,
  body: RoomKeyBackup,
  response: RoomKeysUpdate,
});

export const getRoomKeysByRoomId = defineContract({
  operationId: 'getRoomKeysByRoomId',
  method: 'GET',
  path: '/_matrix/client/v3/room_keys/keys/{roomId}',
  auth: 'required',
  params: RoomParams,
  query: VersionQuery,
  response: RoomKeyBackup,
});

export const deleteRoomKeysByRoomId = defineContract({
  operationId: 'deleteRoomKeysByRoomId',
  method: 'DELETE',
  path: '/_matrix/client/v3/room_keys/keys/{roomId}',
  auth: 'required',
  params: RoomParams,
  query: VersionQuery,
  response: RoomKeysUpdate,
});

export const putRoomKeyBySessionId = defineContract({
  operationId: 'putRoomKeyBySessionId',
  method: 'PUT',
  path: '/_matrix/client/v3/room_keys/keys/{roomId}/{sessionId}',
  auth: 'required',
  params: SessionParams,
  query: VersionQuery,
  body: KeyBackupData,
  response: RoomKeysUpdate,
});

export const getRoomKeyBySessionId = defineContract({
  operationId: 'getRoomKeyBySessionId',
  method: 'GET',
  path: '/_matrix/client/v3/room_keys/keys/{roomId}/{sessionId}',
  auth: 'required',
  params: SessionParams,
  query: VersionQuery,
  response: KeyBackupData,
});

export const deleteRoomKeyBySessionId = defineContract({
  operationId: 'deleteRoomKeyBySessionId',
  method: 'DELETE',
  path: '/_matrix/client/v3/room_keys/keys/{roomId}/{sessionId}',
  auth: 'required',
  params: SessionParams,
  query: VersionQuery,
  response: RoomKeysUpdate,
});
