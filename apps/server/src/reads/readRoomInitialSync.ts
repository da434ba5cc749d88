import { listRoomAccountData } from '../storage/repos/accountData.ts';
import { findRoom } from '../storage/repos/rooms.ts';
import { toClientEvents, type ClientEvent } from '../sync/formatEvent.ts';
import { scanRoomEvents } from '../sync/scanRoomEvents.ts';
import { formatToken } from '../sync/syncToken.ts';
import type { ReadDeps } from './ReadDeps.ts';
import { RoomReadPolicy } from './RoomReadPolicy.ts';
import type { Viewer } from './Viewer.ts';

/** How many of the latest events the snapshot carries unless asked (Synapse's default), and at most. */
export const INITIAL_SYNC_MESSAGES = 20;
export const MAX_INITIAL_SYNC_MESSAGES = 100;

export interface RoomSnapshot {
  room_id: string;
  membership?: 'invite' | 'join' | 'knock' | 'leave' | 'ban';
  messages: { chunk: ClientEvent[]; start: string; end: string };
  state: ClientEvent[];
  visibility: 'public' | 'private';
  account_data: Array<{ type: string; content: Record<string, unknown> }>;
  presence: never[];
}

const MEMBERSHIPS = new Set(['invite', 'join', 'knock', 'leave', 'ban']);

/**
 * A room as one snapshot (GET /rooms/{roomId}/initialSync, deprecated but what Element peeks
 * with): its state and latest visible events, as far as the viewer may read them: a member
 * the current room, a former member the room as they left it, anyone a world_readable room.
 * Everyone else gets the gate's M_FORBIDDEN, the same whether or not the room exists.
 * `messages.start` pages backwards with /messages; `end` is where the snapshot stops.
 */
export async function readRoomInitialSync(deps: ReadDeps, viewer: Viewer, roomId: string, limit = INITIAL_SYNC_MESSAGES): Promise<RoomSnapshot> {
  const db = deps.database.db;
  const policy = await RoomReadPolicy.open(db, viewer, roomId);
  const ceiling = Math.min(deps.notifier.currentPosition, policy.upTo);
  const visibility = await policy.visibility();
  const scan = await scanRoomEvents(db, roomId, 0, ceiling, 'b', Math.min(limit, MAX_INITIAL_SYNC_MESSAGES), (r) => visibility.canSee(r));
  const format = policy.format(deps.now());
  const chunk = await toClientEvents(db, [...scan.rows].reverse(), format);
  const state = await toClientEvents(db, await policy.listState(), format);
  const room = await findRoom(db, roomId);
  const accountData = await listRoomAccountData(db, viewer.userId, roomId);
  const membership = policy.membership;
  return {
    room_id: roomId,
    ...(membership !== undefined && MEMBERSHIPS.has(membership) ? { membership: membership as RoomSnapshot['membership'] & string } : {}),
    messages: { chunk, start: formatToken(scan.cursor), end: formatToken(ceiling) },
    state,
    visibility: room?.is_public === 1 ? 'public' : 'private',
    account_data: accountData.map((a) => ({ type: a.type, content: JSON.parse(a.content) as Record<string, unknown> })),
    presence: [],
  };
}
