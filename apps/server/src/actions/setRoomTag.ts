import { MAX_TAGS_PER_ROOM } from '@parley/api';
import type { AppDeps } from '../deps.ts';
import { forbidden } from '../errors/MatrixError.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { findAccountData, upsertAccountData } from '../storage/repos/accountData.ts';
import { lockUserRow } from '../storage/repos/users.ts';

/** A room's tags as kept in the user's m.tag room account data. */
export type RoomTags = Record<string, { order?: number }>;

export interface RoomTagInput {
  userId: string;
  roomId: string;
  tag: string;
  /** The tag's content ({} or { order }); null removes the tag. */
  content: { order?: number } | null;
}

/**
 * Adds, replaces or removes one tag of a room, kept as the user's `m.tag` room account data
 * (what /sync and GET .../account_data/m.tag show), read and written in one transaction under
 * the user's row lock, so tags added at the same moment are all kept.
 * A user may put at most MAX_TAGS_PER_ROOM tags on a room. Removing a tag the room does not
 * have, or setting one it has with the same content, changes nothing and wakes nobody.
 */
export async function setRoomTag(deps: Pick<AppDeps, 'database' | 'feed' | 'now'>, input: RoomTagInput): Promise<void> {
  await commitChanges(deps, async (tx, feed) => {
    // Read-modify-write of one row: concurrent tag changes of one user wait for each other (PostgreSQL; SQLite has one writer).
    await lockUserRow(tx, deps.database.dialect, input.userId);
    const row = await findAccountData(tx, input.userId, input.roomId, 'm.tag');
    const stored = row ? (JSON.parse(row.content) as { tags?: unknown }) : {};
    const tags: RoomTags = stored.tags !== null && typeof stored.tags === 'object' && !Array.isArray(stored.tags) ? { ...(stored.tags as RoomTags) } : {};
    if (input.content === null) {
      if (!(input.tag in tags)) return;
      delete tags[input.tag];
    } else {
      // The same tag with the same content again changes nothing and wakes nobody.
      const had = tags[input.tag];
      if (had !== undefined && JSON.stringify(had) === JSON.stringify(input.content)) return;
      tags[input.tag] = input.content;
      if (Object.keys(tags).length > MAX_TAGS_PER_ROOM) throw forbidden(`At most ${MAX_TAGS_PER_ROOM} tags per room`);
    }
    const position = await feed.position();
    await upsertAccountData(tx, { user_id: input.userId, room_id: input.roomId, type: 'm.tag', content: JSON.stringify({ ...stored, tags }), stream: position });
    feed.emit({ kind: 'account_data', userId: input.userId, roomId: input.roomId, type: 'm.tag' });
  });
}
