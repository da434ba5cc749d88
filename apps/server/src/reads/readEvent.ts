import { toClientEvents, type ClientEvent } from '../sync/formatEvent.ts';
import { bundleAggregations } from './bundleAggregations.ts';
import type { ReadDeps } from './ReadDeps.ts';
import { RoomReadPolicy } from './RoomReadPolicy.ts';
import type { Viewer } from './Viewer.ts';

/** One event of a room (GET /rooms/{roomId}/event/{eventId}): M_FORBIDDEN by the gate, M_NOT_FOUND when missing or hidden. */
export async function readEvent(deps: ReadDeps, viewer: Viewer, roomId: string, eventId: string): Promise<ClientEvent> {
  const db = deps.database.db;
  const policy = await RoomReadPolicy.open(db, viewer, roomId);
  const row = await policy.getEvent(eventId);
  const format = policy.format(deps.now());
  const events = await toClientEvents(db, [row], format);
  await bundleAggregations(db, events, { userId: viewer.userId, upTo: Math.min(deps.notifier.currentPosition, policy.upTo), format });
  return events[0]!;
}
