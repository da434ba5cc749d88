import { toClientEvents, type ClientEvent } from '../sync/formatEvent.ts';
import type { ReadDeps } from './ReadDeps.ts';
import { RoomReadPolicy } from './RoomReadPolicy.ts';
import type { Viewer } from './Viewer.ts';

/** A room's state as far as the viewer may read it (GET /rooms/{roomId}/state): current, or as it was when they left. */
export async function readStateAt(deps: ReadDeps, viewer: Viewer, roomId: string): Promise<ClientEvent[]> {
  const db = deps.database.db;
  const policy = await RoomReadPolicy.open(db, viewer, roomId);
  return toClientEvents(db, await policy.listState(), policy.format(deps.now()));
}
