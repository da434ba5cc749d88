import { toClientEvents, type ClientEvent } from '../sync/formatEvent.ts';
import type { ReadDeps } from './ReadDeps.ts';
import { RoomReadPolicy } from './RoomReadPolicy.ts';
import type { Viewer } from './Viewer.ts';

/** One event of a room (GET /rooms/{roomId}/event/{eventId}): M_FORBIDDEN by the gate, M_NOT_FOUND when missing or hidden. */
export async function readEvent(deps: ReadDeps, viewer: Viewer, roomId: string, eventId: string): Promise<ClientEvent> {
  const db = deps.database.db;
  const policy = await RoomReadPolicy.open(db, viewer, roomId);
  const row = await policy.getEvent(eventId);
  return (await toClientEvents(db, [row], policy.format(deps.now())))[0]!;
}
