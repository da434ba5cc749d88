import { listCurrentStateEvents, parsePdu } from '../storage/repos/events.ts';
import { countRoomMembers } from '../storage/repos/memberships.ts';
import { findRoom } from '../storage/repos/rooms.ts';
import type { Queryable } from '../storage/schema.ts';

/** definitions/room_summary.yaml: what a client shows of a room it may not be in. */
export interface RoomDescription {
  room_id: string;
  canonical_alias?: string;
  name?: string;
  topic?: string;
  avatar_url?: string;
  num_joined_members: number;
  join_rule: string;
  guest_can_join: boolean;
  world_readable: boolean;
  room_type?: string;
  room_version?: string;
  encryption?: string;
  allowed_room_ids?: string[];
}

const DESCRIPTION_STATE: ReadonlyArray<readonly [string, string]> = [
  ['m.room.create', ''],
  ['m.room.name', ''],
  ['m.room.topic', ''],
  ['m.room.avatar', ''],
  ['m.room.canonical_alias', ''],
  ['m.room.join_rules', ''],
  ['m.room.guest_access', ''],
  ['m.room.history_visibility', ''],
  ['m.room.encryption', ''],
];

const RESTRICTED_JOIN_RULES = new Set(['restricted', 'knock_restricted']);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The rooms a restricted join rule's `allow` names (m.room_membership entries), at most 100. */
function allowedRoomIds(allow: unknown): string[] {
  if (!Array.isArray(allow)) return [];
  const ids: string[] = [];
  for (const a of allow.slice(0, 100)) {
    if (!a || typeof a !== 'object') continue;
    const entry = a as Record<string, unknown>;
    if (entry.type === 'm.room_membership' && typeof entry.room_id === 'string' && entry.room_id.startsWith('!')) ids.push(entry.room_id);
  }
  return ids;
}

/**
 * A room as /room_summary and /hierarchy describe it: name, topic, avatar, alias, member count,
 * join rule (and, when restricted, the rooms it allows), version, type and encryption. No access
 * check: the caller has decided the viewer may see it (access/accessRoomForSummary.ts).
 */
export async function describeRoom(db: Queryable, roomId: string): Promise<RoomDescription> {
  const state = new Map<string, Record<string, unknown>>();
  for (const row of await listCurrentStateEvents(db, roomId, DESCRIPTION_STATE)) state.set(row.type, parsePdu(row).content);
  const room = await findRoom(db, roomId);
  const { joined } = await countRoomMembers(db, roomId);
  const joinRules = state.get('m.room.join_rules');
  const description: RoomDescription = {
    room_id: roomId,
    num_joined_members: joined,
    join_rule: str(joinRules?.join_rule) ?? 'invite',
    guest_can_join: state.get('m.room.guest_access')?.guest_access === 'can_join',
    world_readable: state.get('m.room.history_visibility')?.history_visibility === 'world_readable',
  };
  const set = <K extends keyof RoomDescription>(key: K, value: RoomDescription[K] | undefined): void => {
    if (value !== undefined) description[key] = value;
  };
  set('canonical_alias', str(state.get('m.room.canonical_alias')?.alias));
  set('name', str(state.get('m.room.name')?.name));
  set('topic', str(state.get('m.room.topic')?.topic));
  set('avatar_url', str(state.get('m.room.avatar')?.url));
  set('room_type', str(state.get('m.room.create')?.type));
  set('room_version', room?.room_version);
  set('encryption', str(state.get('m.room.encryption')?.algorithm));
  if (RESTRICTED_JOIN_RULES.has(description.join_rule)) set('allowed_room_ids', allowedRoomIds(joinRules?.allow));
  return description;
}
