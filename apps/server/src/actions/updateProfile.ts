import type { RoomId, UserId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import { appendEvent } from '../rooms/appendEvent.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { roomChangeOf } from '../feed/roomChangeOf.ts';
import { writeToRoom } from '../rooms/writeToRoom.ts';
import { findCurrentStateEvent, parsePdu } from '../storage/repos/events.ts';
import { listUserMemberships } from '../storage/repos/memberships.ts';
import { findUser, updateUser } from '../storage/repos/users.ts';
import { MatrixError } from '../errors/MatrixError.ts';

/** A profile change: a field set to null is removed. */
export interface ProfilePatch {
  displayname?: string | null;
  avatar_url?: string | null;
}

/**
 * Updates the user's global profile, then (like Synapse) sends a fresh
 * m.room.member join event carrying the new profile into every room the user
 * is joined to. The profile is committed first, in its own transaction, so it
 * stands whatever happens in the rooms (and the user directory, which reads it,
 * finds the new name at once). Then each room is its own write under its own
 * lock, one after another: a room the user has left or been banned from since
 * is skipped under the lock, and a room that refuses the event is logged and
 * skipped, never failing the request. The request (rate-limited like a join,
 * since it writes one member event per room) answers once every room is done.
 */
export async function updateProfile(deps: AppDeps, userId: UserId, patch: ProfilePatch): Promise<void> {
  const db = deps.database.db;
  const user = await commitChanges(deps, async (tx) => {
    await updateUser(tx, userId, patch);
    return findUser(tx, userId);
  });
  if (!user) throw new MatrixError('M_NOT_FOUND', 'Unknown user');
  const profile: Record<string, string> = {};
  if (user.displayname !== null) profile.displayname = user.displayname;
  if (user.avatar_url !== null) profile.avatar_url = user.avatar_url;

  const joined = (await listUserMemberships(db, userId)).filter((m) => m.membership === 'join');
  for (const m of joined) {
    try {
      await writeToRoom(deps, m.room_id as RoomId, async (lock, feed) => {
        const current = await findCurrentStateEvent(lock.tx, lock.roomId, 'm.room.member', userId);
        const content = current ? parsePdu(current).content : undefined;
        if (!content || content.membership !== 'join') return;
        if (content.displayname === profile.displayname && content.avatar_url === profile.avatar_url) return;
        const appended = await appendEvent(lock, deps.config.serverName, deps.signingKey, {
          type: 'm.room.member',
          stateKey: userId,
          sender: userId,
          content: { membership: 'join', ...profile },
          originServerTs: deps.now(),
        });
        feed.emit(roomChangeOf(appended));
      });
    } catch (err) {
      deps.log.warn({ err, roomId: m.room_id }, 'profile update: could not update room membership');
    }
  }
}
