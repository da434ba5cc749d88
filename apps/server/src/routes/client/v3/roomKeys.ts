import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';

/** Server-side key backup is not offered yet: there is never a current backup version. */
export const getRoomKeysVersionCurrent = defineEndpoint(contracts.getRoomKeysVersionCurrent, {
  handler: async () => {
    throw new MatrixError('M_NOT_FOUND', 'No current backup version');
  },
});

export const getRoomKeysVersion = defineEndpoint(contracts.getRoomKeysVersion, {
  handler: async () => {
    throw new MatrixError('M_NOT_FOUND', 'Unknown backup version');
  },
});
