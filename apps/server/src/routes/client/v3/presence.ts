import { parseUserId } from '@parley/protocol';
import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { forbidden, invalidParam } from '../../../errors/MatrixError.ts';
import { readPresence } from '../../../reads/readPresence.ts';
import { viewerOf } from '../../../reads/Viewer.ts';

export const setPresence = defineEndpoint(contracts.setPresence, {
  handler: async ({ deps, auth, params, body }) => {
    if (params.userId !== auth.userId) throw forbidden("Cannot set another user's presence");
    // With presence off the request is accepted and ignored (as Synapse does).
    await deps.presence.set(deps, { userId: auth.userId, presence: body.presence, statusMsg: body.status_msg ?? null });
    return {};
  },
});

export const getPresence = defineEndpoint(contracts.getPresence, {
  handler: async ({ deps, auth, params }) => {
    const userId = parseUserId(params.userId);
    if (!userId) throw invalidParam('Invalid user ID');
    return readPresence(deps, viewerOf(auth), userId);
  },
});
