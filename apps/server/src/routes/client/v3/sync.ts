import { contracts } from '@parley/api';
import { closeSignal } from '../../../http/closeSignal.ts';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { openSync } from '../../../sync/SyncSession.ts';

export const sync = defineEndpoint(contracts.sync, {
  handler: async ({ deps, auth, query, reply }) => {
    const session = await openSync(deps, auth, {
      since: query.since,
      filter: query.filter,
      fullState: query.full_state,
      timeoutMs: query.timeout,
      setPresence: query.set_presence,
      useStateAfter: query.use_state_after,
      signal: closeSignal(reply.raw),
    });
    // A long-poll is the session's first response.
    return (await session.next()).value;
  },
});
