import { MatrixError } from '../errors/MatrixError.ts';
import { toClientEvents, type ClientEvent } from '../sync/formatEvent.ts';
import { bundleAggregations } from './bundleAggregations.ts';
import type { ReadDeps } from './ReadDeps.ts';
import { RoomReadPolicy } from './RoomReadPolicy.ts';
import type { Viewer } from './Viewer.ts';

/**
 * One event of a room (GET /rooms/{roomId}/event/{eventId}): M_NOT_FOUND when missing, hidden by
 * history visibility, or in a room the viewer may not read at all (the gate's M_FORBIDDEN): the
 * spec's one refusal for this endpoint, "not found or you do not have permission", as in Synapse.
 * Whatever the room, an outsider gets the same answer, so it reveals nothing about it.
 */
export async function readEvent(deps: ReadDeps, viewer: Viewer, roomId: string, eventId: string): Promise<ClientEvent> {
  const db = deps.database.db;
  const policy = await RoomReadPolicy.open(db, viewer, roomId).catch((err: unknown) => {
    if (err instanceof MatrixError && err.errcode === 'M_FORBIDDEN') throw new MatrixError('M_NOT_FOUND', 'Event not found');
    throw err;
  });
  const row = await policy.getEvent(eventId);
  const format = policy.format(deps.now());
  const events = await toClientEvents(db, [row], format);
  await bundleAggregations(db, events, { userId: viewer.userId, upTo: Math.min(deps.notifier.currentPosition, policy.upTo), format, ignored: await policy.ignored() });
  return events[0]!;
}
