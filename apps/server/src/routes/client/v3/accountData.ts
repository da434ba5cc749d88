import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError, forbidden, notFound } from '../../../errors/MatrixError.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { findAccountData } from '../../../storage/repos/accountData.ts';
import { setAccountData as doSetAccountData } from '../../../actions/setAccountData.ts';
import { checkIgnoredUserList } from '../../../actions/checkIgnoredUserList.ts';

/** Account data the server manages; clients read it here but change it through other APIs. */
const SERVER_MANAGED = new Set(['m.fully_read', 'm.push_rules']);

function checkSettable(type: string): void {
  if (SERVER_MANAGED.has(type)) throw new MatrixError('M_BAD_JSON', `Cannot set ${type} through this API`, {}, 405);
}

export const setAccountData = defineEndpoint(contracts.setAccountData, {
  handler: async ({ deps, auth, params, body }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot set account data for other users');
    checkSettable(params.type);
    if (params.type === 'm.ignored_user_list') checkIgnoredUserList(auth.userId, body);
    await doSetAccountData(deps, { userId: auth.userId, roomId: null, type: params.type, content: body });
    return {};
  },
});

export const getAccountData = defineEndpoint(contracts.getAccountData, {
  handler: async ({ deps, auth, params }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot read account data of other users');
    const row = await findAccountData(deps.database.db, auth.userId, '', params.type);
    if (!row) throw notFound('Account data not found');
    return JSON.parse(row.content) as Record<string, unknown>;
  },
});

export const setAccountDataPerRoom = defineEndpoint(contracts.setAccountDataPerRoom, {
  handler: async ({ deps, auth, params, body }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot set account data for other users');
    const roomId = parseRoomIdParam(params.roomId);
    checkSettable(params.type);
    await doSetAccountData(deps, { userId: auth.userId, roomId, type: params.type, content: body });
    return {};
  },
});

export const getAccountDataPerRoom = defineEndpoint(contracts.getAccountDataPerRoom, {
  handler: async ({ deps, auth, params }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot read account data of other users');
    const roomId = parseRoomIdParam(params.roomId);
    const row = await findAccountData(deps.database.db, auth.userId, roomId, params.type);
    if (!row) throw notFound('Account data not found');
    return JSON.parse(row.content) as Record<string, unknown>;
  },
});
