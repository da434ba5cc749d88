import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { upgradeRoom } from '../../../actions/upgradeRoom.ts';

export const postUpgradeRoom = defineEndpoint(contracts.upgradeRoom, {
  handler: async ({ deps, auth, params, body }) => ({ replacement_room: await upgradeRoom(deps, auth, parseRoomIdParam(params.roomId), body.new_version) }),
});
