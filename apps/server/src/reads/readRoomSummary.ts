import { parseRoomAlias, parseRoomId } from '@parley/protocol';
import { accessRoomForSummary, ROOM_SUMMARY_REFUSED } from '../access/accessRoomForSummary.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { findRoomAlias } from '../storage/repos/roomAliases.ts';
import { describeRoom, type RoomDescription } from './describeRoom.ts';
import type { ReadDeps } from './ReadDeps.ts';
import type { Viewer } from './Viewer.ts';

export interface RoomSummary extends RoomDescription {
  membership?: 'invite' | 'join' | 'knock' | 'leave' | 'ban';
}

/** The room an ID or alias names: M_INVALID_PARAM if it is neither, M_NOT_FOUND (the gate's answer) for an unknown alias. */
async function resolveRoom(deps: ReadDeps, roomIdOrAlias: string): Promise<string> {
  if (parseRoomId(roomIdOrAlias)) return roomIdOrAlias;
  const alias = parseRoomAlias(roomIdOrAlias);
  if (!alias) throw new MatrixError('M_INVALID_PARAM', 'Expected a room ID or a room alias');
  const row = await findRoomAlias(deps.database.db, alias);
  if (!row) throw new MatrixError('M_NOT_FOUND', ROOM_SUMMARY_REFUSED);
  return row.room_id;
}

/**
 * What a client shows of a room before joining it (GET /room_summary, MSC3266): name, topic,
 * avatar, alias, member count, join rule, version, encryption and the caller's membership
 * ("leave" when they have none; absent when unauthenticated). Whom it is shown to is
 * access/accessRoomForSummary.ts; everyone else gets 404 as for a room that does not exist.
 */
export async function readRoomSummary(deps: ReadDeps, viewer: Viewer | null, roomIdOrAlias: string): Promise<RoomSummary> {
  const db = deps.database.db;
  const roomId = await resolveRoom(deps, roomIdOrAlias);
  const { membership } = await accessRoomForSummary(db, viewer?.userId, roomId);
  const summary: RoomSummary = await describeRoom(db, roomId);
  if (viewer) summary.membership = (membership ?? 'leave') as NonNullable<RoomSummary['membership']>;
  return summary;
}
