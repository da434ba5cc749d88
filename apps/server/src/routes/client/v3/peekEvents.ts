import { contracts } from '@parley/api';
import { closeSignal } from '../../../http/closeSignal.ts';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { peekRoomEvents } from '../../../reads/peekRoomEvents.ts';
import { viewerOf } from '../../../reads/Viewer.ts';

export const peekEvents = defineEndpoint(contracts.peekEvents, {
  handler: ({ deps, auth, query, reply }) => peekRoomEvents(deps, viewerOf(auth), query.room_id, { from: query.from, timeoutMs: query.timeout, signal: closeSignal(reply.raw) }),
});
