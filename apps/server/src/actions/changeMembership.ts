import type { EventId, RoomId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import type { Principal } from '../identity/Principal.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { appendEvent } from '../rooms/appendEvent.ts';
import { roomChangeOf } from '../feed/roomChangeOf.ts';
import { ROOM_WRITE_REFUSED, writeToRoom } from '../rooms/writeToRoom.ts';
import { findMembership } from '../storage/repos/memberships.ts';
import { findUser } from '../storage/repos/users.ts';
import { findCurrentStateEvent, parsePdu } from '../storage/repos/events.ts';
import { chooseRestrictedJoinAuthoriser } from '../rooms/chooseRestrictedJoinAuthoriser.ts';
import { carryOverUserRoomData, findPredecessorRoomId } from '../rooms/carryOverUserRoomData.ts';
import { guestsMayJoin } from '../rooms/guestsMayJoin.ts';
import type { Queryable } from '../storage/schema.ts';

export type MembershipChange = 'join' | 'invite' | 'leave' | 'kick' | 'ban' | 'unban' | 'knock';

export interface MembershipInput {
  roomId: RoomId;
  change: MembershipChange;
  /** The user whose membership changes; the caller for join, leave and knock. */
  target: string;
  reason?: string;
  isDirect?: boolean;
}

async function profileOf(db: Queryable, userId: string): Promise<Record<string, string>> {
  const u = await findUser(db, userId);
  const out: Record<string, string> = {};
  if (u?.displayname) out.displayname = u.displayname;
  if (u?.avatar_url) out.avatar_url = u.avatar_url;
  return out;
}

/** Every membership transition a client can ask for; the event auth rules decide whether it is allowed. */
export async function changeMembership(deps: AppDeps, auth: Principal, input: MembershipInput): Promise<EventId | null> {
  const { change, target } = input;
  const membership = change === 'kick' || change === 'unban' ? 'leave' : change;
  return writeToRoom(deps, input.roomId, async (lock, feed): Promise<EventId | null> => {
    const current = await findMembership(lock.tx, input.roomId, target);
    const currentMembership = current?.membership;
    if (change === 'leave' && currentMembership === 'leave') return null;
    // Refusals to outsiders must not tell a private room from a missing one, nor reveal its members.
    if (change === 'leave' && (currentMembership === undefined || currentMembership === 'ban')) throw new MatrixError('M_FORBIDDEN', ROOM_WRITE_REFUSED);
    if (target !== auth.userId && (await findMembership(lock.tx, input.roomId, auth.userId))?.membership !== 'join') {
      throw new MatrixError('M_FORBIDDEN', ROOM_WRITE_REFUSED);
    }
    if (change === 'unban' && currentMembership !== 'ban') throw new MatrixError('M_FORBIDDEN', 'That user is not banned');
    if (change === 'kick' && currentMembership !== 'join' && currentMembership !== 'invite' && currentMembership !== 'knock') {
      throw new MatrixError('M_FORBIDDEN', 'That user is not in the room');
    }
    if (change === 'invite' && currentMembership === 'join') throw new MatrixError('M_FORBIDDEN', 'That user is already in the room');
    if (change === 'invite' && currentMembership === 'ban') throw new MatrixError('M_FORBIDDEN', 'That user is banned from the room');
    if (change === 'invite' && !(await findUser(lock.tx, target))) throw new MatrixError('M_NOT_FOUND', 'Unknown user');
    if (change === 'join' && currentMembership === 'join') {
      // Joining again refreshes the profile only if it changed; otherwise it is a no-op.
      return current!.event_id as EventId;
    }

    // Spec, Guest Access: a guest joins only a room whose m.room.guest_access is can_join.
    if (change === 'join' && auth.isGuest && !(await guestsMayJoin(lock.tx, input.roomId))) throw new MatrixError('M_FORBIDDEN', 'Guests may not join this room');
    const content: Record<string, unknown> = { membership };
    if (change === 'join' || change === 'knock') Object.assign(content, await profileOf(lock.tx, target));
    if (change === 'invite') {
      Object.assign(content, await profileOf(lock.tx, target));
      if (input.isDirect) content.is_direct = true;
    }
    if (input.reason !== undefined) content.reason = input.reason;
    if (change === 'join' && currentMembership !== 'invite') {
      const joinRules = await findCurrentStateEvent(lock.tx, input.roomId, 'm.room.join_rules', '');
      const rule = joinRules ? parsePdu(joinRules).content.join_rule : undefined;
      if (rule === 'restricted' || rule === 'knock_restricted') {
        const authoriser = await chooseRestrictedJoinAuthoriser(lock.tx, input.roomId, target);
        if (authoriser) content.join_authorised_via_users_server = authoriser;
      }
    }
    const appended = await appendEvent(lock, deps.config.serverName, deps.signingKey, {
      type: 'm.room.member',
      stateKey: target,
      sender: auth.userId,
      content,
      originServerTs: deps.now(),
    });
    feed.emit(roomChangeOf(appended));
    if (change === 'join') {
      const predecessor = await findPredecessorRoomId(lock.tx, input.roomId);
      if (predecessor) await carryOverUserRoomData(lock.tx, feed, target, predecessor, input.roomId);
    }
    return appended.eventId;
  });
}
