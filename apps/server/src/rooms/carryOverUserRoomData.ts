import type { FeedWriter } from '../feed/FeedWriter.ts';
import { findAccountData, upsertAccountData } from '../storage/repos/accountData.ts';
import { findCurrentStateEvent, parsePdu } from '../storage/repos/events.ts';
import type { Tx } from '../storage/schema.ts';
import { copyRoomPushRules } from '../push/copyRoomPushRules.ts';

/** The room an upgraded room replaced: its create event's predecessor.room_id, if any. */
export async function findPredecessorRoomId(tx: Tx, roomId: string): Promise<string | undefined> {
  const create = await findCurrentStateEvent(tx, roomId, 'm.room.create', '');
  const predecessor = create ? parsePdu(create).content.predecessor : undefined;
  if (!predecessor || typeof predecessor !== 'object') return undefined;
  const id = (predecessor as Record<string, unknown>).room_id;
  return typeof id === 'string' && id !== roomId ? id : undefined;
}

/**
 * What follows a user from an upgraded room to its replacement when they first join it
 * (room_upgrades.md: "the server should automatically transfer ... the user's personalized
 * settings"; what Synapse copies): their `m.tag` for the old room, unless they already tagged
 * the new one, and the new room added to each `m.direct` list that names the old one.
 * Also the user's push rules that name the old room (push/copyRoomPushRules.ts).
 * Written in the caller's transaction; the user is told through their account data change.
 */
export async function carryOverUserRoomData(tx: Tx, feed: FeedWriter, userId: string, oldRoomId: string, newRoomId: string): Promise<void> {
  await copyRoomPushRules(tx, feed, userId, oldRoomId, newRoomId);
  const tags = await findAccountData(tx, userId, oldRoomId, 'm.tag');
  if (tags && !(await findAccountData(tx, userId, newRoomId, 'm.tag'))) {
    await upsertAccountData(tx, { user_id: userId, room_id: newRoomId, type: 'm.tag', content: tags.content, stream: await feed.position() });
    feed.emit({ kind: 'account_data', userId, roomId: newRoomId, type: 'm.tag' });
  }
  const direct = await findAccountData(tx, userId, '', 'm.direct');
  if (!direct) return;
  const content = JSON.parse(direct.content) as unknown;
  if (!content || typeof content !== 'object' || Array.isArray(content)) return;
  let changed = false;
  const updated: Record<string, unknown> = {};
  for (const [peer, rooms] of Object.entries(content as Record<string, unknown>)) {
    if (Array.isArray(rooms) && rooms.includes(oldRoomId) && !rooms.includes(newRoomId)) {
      updated[peer] = [...rooms, newRoomId];
      changed = true;
    } else updated[peer] = rooms;
  }
  if (!changed) return;
  await upsertAccountData(tx, { user_id: userId, room_id: '', type: 'm.direct', content: JSON.stringify(updated), stream: await feed.position() });
  feed.emit({ kind: 'account_data', userId, roomId: null, type: 'm.direct' });
}
