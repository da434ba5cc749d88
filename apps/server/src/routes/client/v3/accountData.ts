import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError, forbidden, notFound } from '../../../errors/MatrixError.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { findAccountData } from '../../../storage/repos/accountData.ts';
import { setAccountData as doSetAccountData } from '../../../actions/setAccountData.ts';

/** Account data the server manages; clients read it here but change it through other APIs. */
const SERVER_MANAGED = new Set(['m.fully_read', 'm.push_rules']);

function checkSettable(type: string): void {
  if (SERVER_MANAGED.has(type)) throw new MatrixError('M_BAD_JSON', `Cannot set ${type} through this API`, {}, 405);
}

const GlobalParams = Type.Object({ userId: Type.String(), type: Type.String({ minLength: 1, maxLength: 255 }) });
const RoomParams = Type.Object({ userId: Type.String(), roomId: Type.String(), type: Type.String({ minLength: 1, maxLength: 255 }) });
const Content = Type.Record(Type.String(), Type.Unknown());

export const setAccountData = defineEndpoint({
  operationId: 'setAccountData',
  method: 'PUT',
  path: '/_matrix/client/v3/user/{userId}/account_data/{type}',
  r0: true,
  auth: 'required',
  params: GlobalParams,
  body: Content,
  handler: async ({ deps, auth, params, body }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot set account data for other users');
    checkSettable(params.type);
    await doSetAccountData(deps, { userId: auth.userId, roomId: null, type: params.type, content: body });
    return {};
  },
});

export const getAccountData = defineEndpoint({
  operationId: 'getAccountData',
  method: 'GET',
  path: '/_matrix/client/v3/user/{userId}/account_data/{type}',
  r0: true,
  auth: 'required',
  params: GlobalParams,
  handler: async ({ deps, auth, params }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot read account data of other users');
    const row = await findAccountData(deps.database.db, auth.userId, '', params.type);
    if (!row) throw notFound('Account data not found');
    return JSON.parse(row.content) as Record<string, unknown>;
  },
});

export const setAccountDataPerRoom = defineEndpoint({
  operationId: 'setAccountDataPerRoom',
  method: 'PUT',
  path: '/_matrix/client/v3/user/{userId}/rooms/{roomId}/account_data/{type}',
  r0: true,
  auth: 'required',
  params: RoomParams,
  body: Content,
  handler: async ({ deps, auth, params, body }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot set account data for other users');
    const roomId = parseRoomIdParam(params.roomId);
    checkSettable(params.type);
    await doSetAccountData(deps, { userId: auth.userId, roomId, type: params.type, content: body });
    return {};
  },
});

export const getAccountDataPerRoom = defineEndpoint({
  operationId: 'getAccountDataPerRoom',
  method: 'GET',
  path: '/_matrix/client/v3/user/{userId}/rooms/{roomId}/account_data/{type}',
  r0: true,
  auth: 'required',
  params: RoomParams,
  handler: async ({ deps, auth, params }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot read account data of other users');
    const roomId = parseRoomIdParam(params.roomId);
    const row = await findAccountData(deps.database.db, auth.userId, roomId, params.type);
    if (!row) throw notFound('Account data not found');
    return JSON.parse(row.content) as Record<string, unknown>;
  },
});
