import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';

/** Server-side key backup is not offered yet: there is never a current backup version. */
export const getRoomKeysVersionCurrent = defineEndpoint({
  operationId: 'getRoomKeysVersionCurrent',
  method: 'GET',
  path: '/_matrix/client/v3/room_keys/version',
  auth: 'required',
  handler: async () => {
    throw new MatrixError('M_NOT_FOUND', 'No current backup version');
  },
});

export const getRoomKeysVersion = defineEndpoint({
  operationId: 'getRoomKeysVersion',
  method: 'GET',
  path: '/_matrix/client/v3/room_keys/version/{version}',
  auth: 'required',
  handler: async () => {
    throw new MatrixError('M_NOT_FOUND', 'Unknown backup version');
  },
});
