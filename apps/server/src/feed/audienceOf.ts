import type { StreamChange } from './StreamChange.ts';

/** What resolving an audience may read; the feed memoises it per commit (one query per room, not per change). */
export interface AudienceSource {
  /** The room's joined members. */
  joinedMembers(roomId: string): Promise<readonly string[]>;
  /** The users who share a joined room with `userId` (themselves included if joined anywhere). */
  usersSharingRoomsWith(userId: string): Promise<readonly string[]>;
}

/**
 * Who a change concerns: the one table of audiences. Only these users' /syncs are
 * woken for it, so the work of a commit grows with its audience, not with the number
 * of connected users. Resolved inside the committing transaction (so a room's members
 * are those at the event, under the room lock), never persisted.
 *
 * | kind           | audience                                              |
 * |----------------|-------------------------------------------------------|
 * | room_event     | the room's joined members                             |
 * | state          | the room's joined members                             |
 * | membership     | the room's joined members and the target (kicked, invited, left) |
 * | room_forgotten | the user                                              |
 * | account_data   | the user                                              |
 * | receipt        | `m.read`: the room's joined members and the user; `m.read.private`: the user |
 * | typing         | the room's joined members                             |
 * | to_device      | the recipients                                        |
 * | device_list    | the users sharing a room with the user, and the user  |
 * | keys           | the user                                              |
 * | presence       | the users sharing a room with the user, and the user  |
 * | push_actions   | the users the event notifies (`userIds`)              |
 */
export async function audienceOf(change: StreamChange, source: AudienceSource): Promise<readonly string[]> {
  switch (change.kind) {
    case 'room_event':
    case 'state':
    case 'typing':
      return source.joinedMembers(change.roomId);
    case 'membership':
      return withUser(await source.joinedMembers(change.roomId), change.userId);
    case 'receipt':
      return change.receiptType === 'm.read.private' ? [change.userId] : withUser(await source.joinedMembers(change.roomId), change.userId);
    case 'device_list':
    case 'presence':
      return withUser(await source.usersSharingRoomsWith(change.userId), change.userId);
    case 'to_device':
      return change.recipients;
    case 'push_actions':
      return change.userIds;
    case 'room_forgotten':
    case 'account_data':
    case 'keys':
      return [change.userId];
  }
}

/** `users` and `userId`, without repeating it. */
function withUser(users: readonly string[], userId: string): readonly string[] {
  return users.includes(userId) ? users : [...users, userId];
}
