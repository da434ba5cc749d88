import { sql, type RawBuilder } from 'kysely';
import type { Dialect, Queryable, Tx } from '../schema.ts';
import { findCurrentStateEvent, parsePdu } from './events.ts';

export interface UserDirectoryQuery {
  searcherId: string;
  /** Lowercased words of the search term, each non-empty; every one must match. */
  words: readonly string[];
  /** Search every active local user, not only those the searcher may know of. */
  searchAll: boolean;
  limit: number;
}

export interface UserDirectoryRow {
  user_id: string;
  displayname: string | null;
  avatar_url: string | null;
}

/** Records whether the room's joined members are findable by anyone (join_rule public or world_readable); the caller holds the room lock. */
export async function refreshDirectoryPublicRoom(tx: Tx, roomId: string): Promise<void> {
  const jr = await findCurrentStateEvent(tx, roomId, 'm.room.join_rules', '');
  const hv = await findCurrentStateEvent(tx, roomId, 'm.room.history_visibility', '');
  const open = (jr !== undefined && parsePdu(jr).content.join_rule === 'public') || (hv !== undefined && parsePdu(hv).content.history_visibility === 'world_readable');
  if (open)
    await tx
      .insertInto('user_directory_public_rooms')
      .values({ room_id: roomId })
      .onConflict((oc) => oc.column('room_id').doNothing())
      .execute();
  else await tx.deleteFrom('user_directory_public_rooms').where('room_id', '=', roomId).execute();
}

/** Whether `needle` occurs in `haystack`, literally: no LIKE, GLOB or regular expression sees the user's text. */
function contains(dialect: Dialect, haystack: RawBuilder<string | null>, needle: string): RawBuilder<boolean> {
  return dialect === 'sqlite' ? sql<boolean>`instr(${haystack}, ${needle}) > 0` : sql<boolean>`strpos(${haystack}, ${needle}) > 0`;
}

function startsWith(dialect: Dialect, haystack: RawBuilder<string | null>, needle: string): RawBuilder<boolean> {
  return dialect === 'sqlite' ? sql<boolean>`instr(${haystack}, ${needle}) = 1` : sql<boolean>`strpos(${haystack}, ${needle}) = 1`;
}

/**
 * Active users matching every word, among those the searcher may find: everyone with
 * `searchAll`, else users sharing a joined room with the searcher or joined to a room in
 * user_directory_public_rooms. A word matches the start of a word of the display name
 * (case-insensitive; SQLite folds ASCII only), anywhere in the user ID's localpart, or the
 * start of the user ID. Ordered by display names that start with the first word, then user
 * ID; at most `limit` rows. Cost: one pass over the users table, each row a few literal
 * substring tests of bounded length.
 */
export async function searchUserDirectory(db: Queryable, dialect: Dialect, q: UserDirectoryQuery): Promise<UserDirectoryRow[]> {
  const name = sql<string>`(' ' || lower(u.displayname))`;
  const userId = sql<string>`lower(u.user_id)`;
  const localpart = dialect === 'sqlite' ? sql<string>`lower(substr(u.user_id, 1, instr(u.user_id, ':') - 1))` : sql<string>`lower(split_part(u.user_id, ':', 1))`;
  let query = db.selectFrom('users as u').select(['u.user_id', 'u.displayname', 'u.avatar_url']).where('u.deactivated', '=', 0);
  for (const word of q.words) {
    query = query.where((eb) => eb.or([contains(dialect, name, ` ${word}`), contains(dialect, localpart, word), startsWith(dialect, userId, word)]));
  }
  if (!q.searchAll) {
    query = query.where((eb) =>
      eb.or([
        eb(
          'u.user_id',
          'in',
          eb
            .selectFrom('memberships as mine')
            .innerJoin('memberships as theirs', 'theirs.room_id', 'mine.room_id')
            .select('theirs.user_id')
            .where('mine.user_id', '=', q.searcherId)
            .where('mine.membership', '=', 'join')
            .where('theirs.membership', '=', 'join'),
        ),
        eb(
          'u.user_id',
          'in',
          eb.selectFrom('memberships as m').innerJoin('user_directory_public_rooms as p', 'p.room_id', 'm.room_id').select('m.user_id').where('m.membership', '=', 'join'),
        ),
      ]),
    );
  }
  const first = q.words[0] ?? '';
  return query
    .orderBy(sql`case when ${startsWith(dialect, sql<string>`lower(u.displayname)`, first)} then 0 else 1 end`)
    .orderBy('u.user_id')
    .limit(q.limit)
    .execute();
}
