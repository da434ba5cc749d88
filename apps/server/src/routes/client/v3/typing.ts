import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { setTyping } from '../../../actions/setTyping.ts';

export const setTypingEndpoint = defineEndpoint({
  operationId: 'setTyping',
  method: 'PUT',
  path: '/_matrix/client/v3/rooms/{roomId}/typing/{userId}',
  r0: true,
  auth: 'required',
  params: Type.Object({ roomId: Type.String(), userId: Type.String() }),
  body: Type.Object({ typing: Type.Boolean(), timeout: Type.Optional(Type.Integer({ minimum: 0 })) }),
  handler: async ({ deps, auth, params, body }) => {
    const roomId = parseRoomIdParam(params.roomId);
    if (params.userId !== auth.userId) throw new MatrixError('M_FORBIDDEN', 'You can only set your own typing state');
    await setTyping(deps, auth, roomId, body.typing, body.timeout);
    return {};
  },
});
