import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { forbidden } from '../../../errors/MatrixError.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { findAccountData } from '../../../storage/repos/accountData.ts';
import { setRoomTag as doSetRoomTag, type RoomTags } from '../../../actions/setRoomTag.ts';

export const getRoomTags = defineEndpoint(contracts.getRoomTags, {
  handler: async ({ deps, auth, params }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot read the tags of other users');
    const roomId = parseRoomIdParam(params.roomId);
    const row = await findAccountData(deps.database.db, auth.userId, roomId, 'm.tag');
    const tags = row ? (JSON.parse(row.content) as { tags?: unknown }).tags : undefined;
    return { tags: tags !== null && typeof tags === 'object' && !Array.isArray(tags) ? (tags as RoomTags) : {} };
  },
});

export const setRoomTag = defineEndpoint(contracts.setRoomTag, {
  handler: async ({ deps, auth, params, body }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot set the tags of other users');
    const roomId = parseRoomIdParam(params.roomId);
    // Only `order` is kept: the tag's content is the server's to shape (as Synapse keeps it).
    await doSetRoomTag(deps, { userId: auth.userId, roomId, tag: params.tag, content: body.order !== undefined ? { order: body.order } : {} });
    return {};
  },
});

export const deleteRoomTag = defineEndpoint(contracts.deleteRoomTag, {
  handler: async ({ deps, auth, params }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot remove the tags of other users');
    const roomId = parseRoomIdParam(params.roomId);
    await doSetRoomTag(deps, { userId: auth.userId, roomId, tag: params.tag, content: null });
    return {};
  },
});
