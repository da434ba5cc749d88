import { MatrixError } from '../errors/MatrixError.ts';
import { parsePdu } from '../storage/repos/events.ts';
import { toClientEvents, type ClientEvent } from '../sync/formatEvent.ts';
import type { ReadDeps } from './ReadDeps.ts';
import { RoomReadPolicy } from './RoomReadPolicy.ts';
import type { Viewer } from './Viewer.ts';

/**
 * One state event of the state readStateAt returns (GET /rooms/{roomId}/state/{eventType}/{stateKey}):
 * its content, or the whole event with `format: 'event'`; M_NOT_FOUND when there is none.
 */
export async function readStateEvent(
  deps: ReadDeps,
  viewer: Viewer,
  roomId: string,
  type: string,
  stateKey: string,
  format: 'content' | 'event' = 'content',
): Promise<ClientEvent | Record<string, unknown>> {
  const db = deps.database.db;
  const policy = await RoomReadPolicy.open(db, viewer, roomId);
  const row = (await policy.listState()).find((r) => r.type === type && r.state_key === stateKey);
  if (!row) throw new MatrixError('M_NOT_FOUND', 'Event not found');
  if (format === 'event') return (await toClientEvents(db, [row], { now: deps.now() }))[0]!;
  return parsePdu(row).content;
}
