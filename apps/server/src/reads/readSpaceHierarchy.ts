import { MAX_HIERARCHY_DEPTH, MAX_HIERARCHY_LIMIT } from '@parley/api';
import { accessRoomForSummary } from '../access/accessRoomForSummary.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { decodeHierarchyToken, encodeHierarchyToken } from '../spaces/hierarchyToken.ts';
import { spaceChildrenOf, type SpaceChild } from '../spaces/spaceChildrenOf.ts';
import { listCurrentStateOfType } from '../storage/repos/events.ts';
import { findRoom } from '../storage/repos/rooms.ts';
import type { Queryable } from '../storage/schema.ts';
import { describeRoom, type RoomDescription } from './describeRoom.ts';
import type { ReadDeps } from './ReadDeps.ts';
import type { Viewer } from './Viewer.ts';

/** The most rooms one walk lists over all its pages: a tree larger than this ends its pagination there. */
export const MAX_HIERARCHY_ROOMS = 1000;
/** The most m.space.child events of one space that a walk reads. */
const MAX_CHILDREN_PER_SPACE = 500;

export const HIERARCHY_REFUSED = 'You are not allowed to view this room';

export interface HierarchyQuery {
  suggested_only?: boolean;
  limit?: number;
  max_depth?: number;
  from?: string;
}

export type HierarchyRoom = RoomDescription & { children_state: Array<SpaceChild['stripped']> };

/** Whether the viewer may see the room in a hierarchy: the room-summary gate (joined, invited, open, world_readable, or restricted to a room they are in). */
async function mayPreview(db: Queryable, userId: string, roomId: string): Promise<boolean> {
  if (!(await findRoom(db, roomId))) return false;
  try {
    await accessRoomForSummary(db, userId, roomId);
    return true;
  } catch (err) {
    if (err instanceof MatrixError && err.errcode === 'M_NOT_FOUND') return false;
    throw err;
  }
}

/**
 * GET /rooms/{roomId}/hierarchy: a depth-first walk of a space's tree, each room listed once when
 * it is reached (a loop or a room reached twice is not walked again), a space's children in the
 * spec's order (spaces/spaceChildrenOf.ts), only the rooms the viewer may see or join
 * (access/accessRoomForSummary.ts), unknown rooms skipped. An inaccessible or unknown root is
 * 403 M_FORBIDDEN. The walk is deterministic, so `next_batch` only says how many rooms earlier
 * pages listed (spaces/hierarchyToken.ts); a room added meanwhile may shift the pages.
 */
export async function readSpaceHierarchy(deps: ReadDeps, viewer: Viewer, roomId: string, query: HierarchyQuery): Promise<{ rooms: HierarchyRoom[]; next_batch?: string }> {
  const db = deps.database.db;
  const limit = Math.min(query.limit ?? MAX_HIERARCHY_LIMIT, MAX_HIERARCHY_LIMIT);
  const maxDepth = Math.min(query.max_depth ?? MAX_HIERARCHY_DEPTH, MAX_HIERARCHY_DEPTH);
  const suggestedOnly = query.suggested_only ?? false;
  const skip = query.from !== undefined ? decodeHierarchyToken(query.from, { roomId, maxDepth, suggestedOnly }, MAX_HIERARCHY_ROOMS) : 0;
  if (!(await mayPreview(db, viewer.userId, roomId))) throw new MatrixError('M_FORBIDDEN', HIERARCHY_REFUSED);

  const rooms: HierarchyRoom[] = [];
  const seen = new Set<string>();
  // A stack of rooms still to visit: children pushed in reverse so the first child is visited next.
  const stack: Array<{ roomId: string; depth: number }> = [{ roomId, depth: 0 }];
  let listed = 0;
  let more = false;
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next.roomId)) continue;
    seen.add(next.roomId);
    if (next.depth > 0 && !(await mayPreview(db, viewer.userId, next.roomId))) continue;
    if (listed >= skip + limit || listed >= MAX_HIERARCHY_ROOMS) {
      more = listed < MAX_HIERARCHY_ROOMS;
      break;
    }
    const description = await describeRoom(db, next.roomId);
    const expand = description.room_type === 'm.space' && next.depth < maxDepth;
    const children = expand ? spaceChildrenOf(await listCurrentStateOfType(db, next.roomId, 'm.space.child', MAX_CHILDREN_PER_SPACE), suggestedOnly) : [];
    if (listed >= skip) rooms.push({ ...description, children_state: children.map((c) => c.stripped) });
    listed += 1;
    for (let i = children.length - 1; i >= 0; i -= 1) stack.push({ roomId: children[i]!.roomId, depth: next.depth + 1 });
  }
  return { rooms, ...(more ? { next_batch: encodeHierarchyToken({ roomId, maxDepth, suggestedOnly, skip: skip + limit }) } : {}) };
}
