import { eventPowerLevel, isSupportedRoomVersion, userPowerLevel, type RoomId, type RoomVersion } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import type { FeedWriter } from '../feed/FeedWriter.ts';
import { roomChangeOf } from '../feed/roomChangeOf.ts';
import type { Principal } from '../identity/Principal.ts';
import { appendEvent } from '../rooms/appendEvent.ts';
import { appendEvents } from '../rooms/appendEvents.ts';
import { carryOverUserRoomData } from '../rooms/carryOverUserRoomData.ts';
import { replacementRoomDrafts, stateKeyOf } from '../rooms/replacementRoomDrafts.ts';
import { ROOM_WRITE_REFUSED } from '../rooms/writeToRoom.ts';
import { randomId } from '../security/tokens.ts';
import { listCurrentState, parsePdu } from '../storage/repos/events.ts';
import { findMembership } from '../storage/repos/memberships.ts';
import { findRoomAlias, updateRoomAliasesRoom } from '../storage/repos/roomAliases.ts';
import { findRoom, insertRoom, updateRoomPublic } from '../storage/repos/rooms.ts';
import { findUser } from '../storage/repos/users.ts';
import { lockNewRoom, lockRoom, type RoomLock } from '../storage/RoomLock.ts';
import type { Queryable } from '../storage/schema.ts';
import type { EventDraft } from '../rooms/EventDraft.ts';

async function profileOf(db: Queryable, userId: string): Promise<Record<string, string>> {
  const u = await findUser(db, userId);
  return { ...(u?.displayname ? { displayname: u.displayname } : {}), ...(u?.avatar_url ? { avatar_url: u.avatar_url } : {}) };
}

/** Appends an event the upgrade does only "if possible" (room_upgrades: restrict the old room); refused by the auth rules, it is skipped. */
async function appendIfAllowed(deps: AppDeps, lock: RoomLock, feed: FeedWriter, draft: EventDraft): Promise<void> {
  try {
    feed.emit(roomChangeOf(await appendEvent(lock, deps.config.serverName, deps.signingKey, draft)));
  } catch (err) {
    // Refused before anything was written (authoriseEvent throws ahead of persistEvents), so the transaction goes on.
    if (!(err instanceof MatrixError && err.errcode === 'M_FORBIDDEN')) throw err;
  }
}

/** The aliases of a canonical alias content that point at `roomId`, as a content to send there (undefined if none). */
async function canonicalAliasFor(db: Queryable, roomId: string, content: Record<string, unknown> | undefined): Promise<Record<string, unknown> | undefined> {
  if (!content) return undefined;
  const pointsHere = async (a: unknown): Promise<boolean> => typeof a === 'string' && (await findRoomAlias(db, a))?.room_id === roomId;
  const out: Record<string, unknown> = {};
  if (await pointsHere(content.alias)) out.alias = content.alias;
  const alt: string[] = [];
  for (const a of Array.isArray(content.alt_aliases) ? content.alt_aliases.slice(0, 100) : []) if (await pointsHere(a)) alt.push(a as string);
  if (alt.length > 0) out.alt_aliases = alt;
  return Object.keys(out).length > 0 ? out : undefined;
}

/**
 * POST /rooms/{roomId}/upgrade (room_upgrades.md, "Server behaviour", and what Synapse adds), all
 * in one transaction holding the old room's lock, so two concurrent upgrades cannot both create
 * a room: the second waits, then finds the tombstone and gets the first's answer (the same
 * upgrader asking for the same version again) or 403 M_BAD_STATE.
 *
 * 1. The upgrader must be joined and have the power to send m.room.tombstone (else 403).
 * 2. The tombstone goes into the old room (body and replacement_room); its ID is the new create
 *    event's predecessor.event_id.
 * 3. The replacement room is created (rooms/replacementRoomDrafts.ts): state copied, bans copied,
 *    the old room's joined members invited unless the join rule is public.
 * 4. Local aliases are moved; the canonical alias moves to the new room and is cleared in the old.
 * 5. A room published in the directory is replaced there by the new room.
 * 6. The old room's power levels are raised so only moderators can talk or invite (if the
 *    upgrader may change them).
 * 7. The upgrader's tags and m.direct lists follow the room (rooms/carryOverUserRoomData.ts;
 *    the other members' follow when they join), with the push rules that name the old room.
 */
export async function upgradeRoom(deps: AppDeps, auth: Principal, oldRoomId: RoomId, newVersion: string): Promise<RoomId> {
  if (!isSupportedRoomVersion(newVersion)) throw new MatrixError('M_UNSUPPORTED_ROOM_VERSION', `Room version ${newVersion} is not supported`);
  const version: RoomVersion = newVersion;
  const newRoomId = `!${randomId(15)}:${deps.config.serverName}` as RoomId;
  const now = deps.now();
  const signer = { serverName: deps.config.serverName, key: deps.signingKey };
  return commitChanges(deps, async (tx, feed): Promise<RoomId> => {
    const old = await lockRoom(tx, deps.database.dialect, oldRoomId);
    if (!old || (await findMembership(tx, oldRoomId, auth.userId))?.membership !== 'join') throw new MatrixError('M_FORBIDDEN', ROOM_WRITE_REFUSED);
    const rows = await listCurrentState(tx, oldRoomId);
    const state = new Map<string, { content: Record<string, unknown>; sender: string }>();
    for (const row of rows) state.set(stateKeyOf(row.type, row.state_key ?? ''), { content: parsePdu(row).content, sender: row.sender });
    const get = (type: string): Record<string, unknown> | undefined => state.get(stateKeyOf(type, ''))?.content;

    const tombstone = state.get(stateKeyOf('m.room.tombstone', ''));
    if (tombstone && typeof tombstone.content.replacement_room === 'string') {
      const replacement = tombstone.content.replacement_room;
      if (tombstone.sender === auth.userId && (await findRoom(tx, replacement))?.room_version === version) return replacement as RoomId;
      throw new MatrixError('M_BAD_STATE', 'This room has already been upgraded');
    }
    const createRow = rows.find((r) => r.type === 'm.room.create');
    const pl = get('m.room.power_levels');
    const level = userPowerLevel(auth.userId, pl, createRow ? parsePdu(createRow) : undefined, old.roomVersion);
    if (level < eventPowerLevel('m.room.tombstone', true, pl)) throw new MatrixError('M_FORBIDDEN', 'You are not allowed to upgrade this room');

    // 2. The tombstone.
    const tombstoneEvent = await appendEvent(old, signer.serverName, signer.key, {
      type: 'm.room.tombstone',
      stateKey: '',
      sender: auth.userId,
      content: { body: 'This room has been replaced', replacement_room: newRoomId },
      originServerTs: now,
    });
    feed.emit(roomChangeOf(tombstoneEvent));

    // 4. Aliases, before the new room claims them in its canonical alias.
    const oldCanonical = get('m.room.canonical_alias');
    if (oldCanonical && (oldCanonical.alias !== undefined || oldCanonical.alt_aliases !== undefined)) {
      await appendIfAllowed(deps, old, feed, { type: 'm.room.canonical_alias', stateKey: '', sender: auth.userId, content: {}, originServerTs: now });
    }
    await updateRoomAliasesRoom(tx, oldRoomId, newRoomId);

    // 3. The replacement room.
    const oldRoom = await findRoom(tx, oldRoomId);
    await insertRoom(tx, {
      room_id: newRoomId,
      room_version: version,
      creator: auth.userId,
      is_public: oldRoom?.is_public ?? 0,
      last_event_id: null,
      last_depth: 0,
      created_ts: now,
    });
    const joinRule = get('m.room.join_rules')?.join_rule;
    const bans: Array<{ userId: string; reason?: string }> = [];
    const invites: Array<{ userId: string; profile: Record<string, string> }> = [];
    for (const row of rows) {
      if (row.type !== 'm.room.member' || row.state_key === null || row.state_key === auth.userId) continue;
      const content = parsePdu(row).content;
      if (row.membership === 'ban') bans.push({ userId: row.state_key, ...(typeof content.reason === 'string' ? { reason: content.reason } : {}) });
      else if (row.membership === 'join' && joinRule !== 'public') invites.push({ userId: row.state_key, profile: await profileOf(tx, row.state_key) });
    }
    const lock = lockNewRoom(tx, newRoomId, version);
    feed.knowJoinedMembers(newRoomId, [auth.userId]);
    const drafts = replacementRoomDrafts({
      oldRoomId,
      tombstoneId: tombstoneEvent.eventId,
      version,
      upgrader: auth.userId,
      upgraderProfile: await profileOf(tx, auth.userId),
      state,
      bans,
      invites,
      canonicalAlias: await canonicalAliasFor(tx, newRoomId, oldCanonical),
      now,
    });
    for (const appended of await appendEvents(lock, signer, drafts)) feed.emit(roomChangeOf(appended));

    // 5. The directory.
    if (oldRoom?.is_public) await updateRoomPublic(tx, oldRoomId, false);

    // 6. Restrict the old room.
    if (pl) {
      const floor = Math.max(50, (typeof pl.users_default === 'number' ? pl.users_default : 0) + 1);
      const restricted = { ...pl };
      let changed = false;
      for (const key of ['events_default', 'invite'] as const) {
        const current = typeof pl[key] === 'number' ? pl[key] : 0;
        if (current < floor) {
          restricted[key] = floor;
          changed = true;
        }
      }
      if (changed) await appendIfAllowed(deps, old, feed, { type: 'm.room.power_levels', stateKey: '', sender: auth.userId, content: restricted, originServerTs: now });
    }

    // 7. The upgrader's tags and direct-chat lists.
    await carryOverUserRoomData(tx, feed, auth.userId, oldRoomId, newRoomId);
    return newRoomId;
  });
}
