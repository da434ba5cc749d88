import type { Queryable } from '../storage/schema.ts';
import { listRoomMemberIds, listUserMemberships, listUsersSharingRoomsWith, type MembershipRow } from '../storage/repos/memberships.ts';
import { listDeviceListChangers, listMemberChangesBetween } from '../storage/repos/keys.ts';
import { listStateAt, listVisibilityHistory } from '../storage/repos/events.ts';

export interface DeviceListUpdates {
  changed: string[];
  left: string[];
}

/**
 * Users whose devices the viewer should re-query after (after, upTo]: those sharing a
 * room whose keys changed, or who newly share a room (a join on either side); and in
 * `left`, users the viewer shared a room with and no longer shares any with.
 *
 * `left` is computed from the viewer's own membership history, so it tells nobody
 * anything they could not see: a member change in a room counts only while the viewer
 * was joined there, and the viewer's own departure counts only when they were joined
 * before it (then the peers are the members as they were at that moment). A rejected
 * invite, a rescinded knock or a ban without a join reveal no member list.
 */
export async function listDeviceListUpdates(db: Queryable, userId: string, after: number, upTo: number, knownMemberships?: readonly MembershipRow[]): Promise<DeviceListUpdates> {
  const memberships = knownMemberships ?? (await listUserMemberships(db, userId));
  const rooms = memberships.filter((m) => m.membership === 'join' || ((m.membership === 'leave' || m.membership === 'ban') && Number(m.stream) > after)).map((m) => m.room_id);
  const [changers, memberChanges] = await Promise.all([listDeviceListChangers(db, after, upTo), listMemberChangesBetween(db, rooms, after, upTo)]);
  if (changers.length === 0 && memberChanges.length === 0) return { changed: [], left: [] };
  const sharing = new Set(await listUsersSharingRoomsWith(db, userId));
  sharing.add(userId);
  const changed = new Set(changers.filter((u) => sharing.has(u)));
  const leftCandidates = new Set<string>();
  const joinedAt = await loadJoinedAt(db, userId, [...new Set(memberChanges.map((c) => c.room_id))]);
  for (const c of memberChanges) {
    if (c.user_id === userId) {
      if (c.membership === 'join') {
        // The viewer joined: every member there is now a peer (kept below only while still shared).
        for (const u of await listRoomMemberIds(db, c.room_id, ['join'])) changed.add(u);
      } else if (joinedAt(c.room_id, c.stream - 1)) {
        // The viewer departed: the peers are those joined at that moment, not whoever is there now.
        for (const u of await listJoinedAt(db, c.room_id, c.stream - 1)) leftCandidates.add(u);
      }
    } else if (!joinedAt(c.room_id, c.stream)) {
      continue;
    } else if (c.membership === 'join') changed.add(c.user_id);
    else leftCandidates.add(c.user_id);
  }
  const left = [...leftCandidates].filter((u) => !sharing.has(u));
  return { changed: [...changed].filter((u) => sharing.has(u) && (u !== userId || changers.includes(u))).sort(), left: left.sort() };
}

/** Whether the viewer was joined to a room just after a stream position, from their membership events. */
async function loadJoinedAt(db: Queryable, userId: string, roomIds: readonly string[]): Promise<(roomId: string, stream: number) => boolean> {
  const history = new Map<string, Array<{ stream: number; membership: string }>>();
  for (const r of await listVisibilityHistory(db, userId, roomIds)) {
    if (r.type !== 'm.room.member') continue;
    let list = history.get(r.room_id);
    if (!list) history.set(r.room_id, (list = []));
    list.push({ stream: Number(r.stream), membership: r.membership ?? 'leave' });
  }
  return (roomId, stream) => {
    let membership = '';
    for (const h of history.get(roomId) ?? []) {
      if (h.stream > stream) break;
      membership = h.membership;
    }
    return membership === 'join';
  };
}

async function listJoinedAt(db: Queryable, roomId: string, position: number): Promise<string[]> {
  const state = await listStateAt(db, roomId, position);
  return state.flatMap((r) => (r.type === 'm.room.member' && r.membership === 'join' && r.state_key !== null ? [r.state_key] : []));
}
