import type { RoomAlias, RoomId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import type { Principal } from '../identity/Principal.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { deleteRoomAlias as deleteAliasRow, findRoomAlias } from '../storage/repos/roomAliases.ts';
import { findCurrentStateEvent, parsePdu } from '../storage/repos/events.ts';
import { accessRoomForModeration } from '../access/accessRoomForModeration.ts';
import { writeToRoom } from '../rooms/writeToRoom.ts';
import { appendEvent, type AppendedEvent } from '../rooms/appendEvent.ts';
import { roomChangeOf } from '../feed/roomChangeOf.ts';
import type { RoomLock } from '../storage/RoomLock.ts';

/**
 * Removes an alias: its creator, a room moderator or a server admin may. When the room's
 * m.room.canonical_alias names the alias, the deleter also sends one without it (as Synapse
 * does), so the room stops advertising an alias that another room may claim next; a deleter
 * the room's power levels do not allow to send it leaves the event as it is.
 */
export async function deleteRoomAlias(deps: AppDeps, auth: Principal, alias: RoomAlias): Promise<void> {
  const notFound = () => new MatrixError('M_NOT_FOUND', `Room alias ${alias} not found`);
  const found = await findRoomAlias(deps.database.db, alias);
  if (!found) throw notFound();
  await writeToRoom(deps, found.room_id as RoomId, async (lock, feed) => {
    const row = await findRoomAlias(lock.tx, alias);
    if (row?.room_id !== found.room_id) throw notFound();
    if (row.creator !== auth.userId) await accessRoomForModeration(lock.tx, auth, row.room_id);
    await deleteAliasRow(lock.tx, alias);
    const appended = await dropFromCanonicalAlias(deps, auth, lock, alias);
    if (appended) feed.emit(roomChangeOf(appended));
  });
}

/** Sends m.room.canonical_alias without `alias` if it names it; returns the event, or null if nothing was sent. */
async function dropFromCanonicalAlias(deps: AppDeps, auth: Principal, lock: RoomLock, alias: string): Promise<AppendedEvent | null> {
  const current = await findCurrentStateEvent(lock.tx, lock.roomId, 'm.room.canonical_alias', '');
  if (!current) return null;
  const content = { ...parsePdu(current).content };
  const alt = Array.isArray(content.alt_aliases) ? content.alt_aliases : undefined;
  if (content.alias !== alias && !alt?.includes(alias)) return null;
  if (content.alias === alias) delete content.alias;
  if (alt) {
    const kept = alt.filter((a) => a !== alias);
    if (kept.length > 0) content.alt_aliases = kept;
    else delete content.alt_aliases;
  }
  try {
    const appended = await appendEvent(lock, deps.config.serverName, deps.signingKey, {
      type: 'm.room.canonical_alias',
      stateKey: '',
      sender: auth.userId,
      content,
      originServerTs: deps.now(),
    });
    return appended;
  } catch (err) {
    // Refused by the auth rules before anything was written: the alias is still deleted.
    if (err instanceof MatrixError && err.errcode === 'M_FORBIDDEN') return null;
    throw err;
  }
}
