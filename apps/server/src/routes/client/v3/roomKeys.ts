import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { checkAuthData, checkBackupKey, checkBackupRoomId } from '../../../keyBackup/BackupKeyInput.ts';
import { createKeyBackupVersion } from '../../../actions/createKeyBackupVersion.ts';
import { updateKeyBackupVersion } from '../../../actions/updateKeyBackupVersion.ts';
import { deleteKeyBackupVersion } from '../../../actions/deleteKeyBackupVersion.ts';
import { putBackupKeys } from '../../../actions/putBackupKeys.ts';
import { deleteBackupKeys } from '../../../actions/deleteBackupKeys.ts';
import { readBackupKeys, readBackupVersion } from '../../../reads/readBackupKeys.ts';

export const postRoomKeysVersion = defineEndpoint(contracts.postRoomKeysVersion, {
  handler: async ({ deps, auth, body }) => ({ version: await createKeyBackupVersion(deps, auth.userId, body.algorithm, checkAuthData(body.auth_data)) }),
});

export const getRoomKeysVersionCurrent = defineEndpoint(contracts.getRoomKeysVersionCurrent, {
  handler: async ({ deps, auth }) => readBackupVersion(deps.database.db, auth.userId, null),
});

export const getRoomKeysVersion = defineEndpoint(contracts.getRoomKeysVersion, {
  handler: async ({ deps, auth, params }) => readBackupVersion(deps.database.db, auth.userId, params.version),
});

export const putRoomKeysVersion = defineEndpoint(contracts.putRoomKeysVersion, {
  handler: async ({ deps, auth, params, body }) => {
    const authDataJson = checkAuthData(body.auth_data);
    await updateKeyBackupVersion(deps, auth.userId, params.version, {
      algorithm: body.algorithm,
      authDataJson,
      ...(body.version !== undefined ? { bodyVersion: body.version } : {}),
    });
    return {};
  },
});

export const deleteRoomKeysVersion = defineEndpoint(contracts.deleteRoomKeysVersion, {
  handler: async ({ deps, auth, params }) => {
    await deleteKeyBackupVersion(deps, auth.userId, params.version);
    return {};
  },
});

export const putRoomKeys = defineEndpoint(contracts.putRoomKeys, {
  handler: async ({ deps, auth, query, body }) => {
    for (const roomId of Object.keys(body.rooms)) checkBackupRoomId(roomId);
    const keys = Object.entries(body.rooms).flatMap(([roomId, room]) => Object.entries(room.sessions).map(([sessionId, data]) => checkBackupKey(roomId, sessionId, data)));
    return putBackupKeys(deps, auth.userId, query.version, keys);
  },
});

export const putRoomKeysByRoomId = defineEndpoint(contracts.putRoomKeysByRoomId, {
  handler: async ({ deps, auth, params, query, body }) => {
    checkBackupRoomId(params.roomId);
    const keys = Object.entries(body.sessions).map(([sessionId, data]) => checkBackupKey(params.roomId, sessionId, data));
    return putBackupKeys(deps, auth.userId, query.version, keys);
  },
});

export const putRoomKeyBySessionId = defineEndpoint(contracts.putRoomKeyBySessionId, {
  handler: async ({ deps, auth, params, query, body }) => putBackupKeys(deps, auth.userId, query.version, [checkBackupKey(params.roomId, params.sessionId, body)]),
});

export const getRoomKeys = defineEndpoint(contracts.getRoomKeys, {
  handler: async ({ deps, auth, query }) => ({ rooms: await readBackupKeys(deps.database.db, auth.userId, query.version) }),
});

export const getRoomKeysByRoomId = defineEndpoint(contracts.getRoomKeysByRoomId, {
  handler: async ({ deps, auth, params, query }) => (await readBackupKeys(deps.database.db, auth.userId, query.version, params.roomId))[params.roomId] ?? { sessions: {} },
});

export const getRoomKeyBySessionId = defineEndpoint(contracts.getRoomKeyBySessionId, {
  handler: async ({ deps, auth, params, query }) => {
    const key = (await readBackupKeys(deps.database.db, auth.userId, query.version, params.roomId, params.sessionId))[params.roomId]?.sessions[params.sessionId];
    if (!key) throw new MatrixError('M_NOT_FOUND', 'No key for this session in the backup');
    return key;
  },
});

export const deleteRoomKeys = defineEndpoint(contracts.deleteRoomKeys, {
  handler: async ({ deps, auth, query }) => deleteBackupKeys(deps, auth.userId, query.version),
});

export const deleteRoomKeysByRoomId = defineEndpoint(contracts.deleteRoomKeysByRoomId, {
  handler: async ({ deps, auth, params, query }) => deleteBackupKeys(deps, auth.userId, query.version, params.roomId),
});

export const deleteRoomKeyBySessionId = defineEndpoint(contracts.deleteRoomKeyBySessionId, {
  handler: async ({ deps, auth, params, query }) => deleteBackupKeys(deps, auth.userId, query.version, params.roomId, params.sessionId),
});
