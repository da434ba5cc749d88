import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { setTyping } from '../../../actions/setTyping.ts';

export const setTypingEndpoint = defineEndpoint(contracts.setTyping, {
  handler: async ({ deps, auth, params, body }) => {
    const roomId = parseRoomIdParam(params.roomId);
    if (params.userId !== auth.userId) throw new MatrixError('M_FORBIDDEN', 'You can only set your own typing state');
    await setTyping(deps, auth, roomId, body.typing, body.timeout);
    return {};
  },
});
