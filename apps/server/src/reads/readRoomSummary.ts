import { parseRoomAlias, parseRoomId } from '@parley/protocol';
import { accessRoomForSummary, ROOM_SUMMARY_REFUSED } from '../access/accessRoomForSummary.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { listCurrentStateEvents, parsePdu } from '../storage/repos/events.ts';
import { countRoomMembers } from '../storage/repos/memberships.ts';
import { findRoomAlias } from '../storage/repos/roomAliases.ts';
import { findRoom } from '../storage/repos/rooms.ts';
import type { ReadDeps } from './ReadDeps.ts';
import type { Viewer } from './Viewer.ts';

export interface RoomSummary {
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
  membership?: 'invite' | 'join' | 'knock' | 'leave' | 'ban';
}

const SUMMARY_STATE: ReadonlyArray<readonly [string, string]> = [
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

/** The room an ID or alias names: M_INVALID_PARAM if it is neither, M_NOT_FOUND (the gate's answer) for an unknown alias. */
async function resolveRoom(deps: ReadDeps, roomIdOrAlias: string): Promise<string> {
  if (parseRoomId(roomIdOrAlias)) return roomIdOrAlias;
  const alias = parseRoomAlias(roomIdOrAlias);
  if (!alias) throw new MatrixError('M_INVALID_PARAM', 'Expected a room ID or a room alias');
  const row = await findRoomAlias(deps.database.db, alias);
  if (!row) throw new MatrixError('M_NOT_FOUND', ROOM_SUMMARY_REFUSED);
  return row.room_id;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/**
 * What a client shows of a room before joining it (GET /room_summary, MSC3266): name, topic,
 * avatar, alias, member count, join rule, version, encryption and the caller's membership
 * ("leave" when they have none; absent when unauthenticated). Whom it is shown to is
 * access/accessRoomForSummary.ts; everyone else gets 404 as for a room that does not exist.
 */
export async function readRoomSummary(deps: ReadDeps, viewer: Viewer | null, roomIdOrAlias: string): Promise<RoomSummary> {
  const db = deps.database.db;
  const roomId = await resolveRoom(deps, roomIdOrAlias);
  const { membership } = await accessRoomForSummary(db, viewer?.userId, roomId);
  const state = new Map<string, Record<string, unknown>>();
  for (const row of await listCurrentStateEvents(db, roomId, SUMMARY_STATE)) state.set(row.type, parsePdu(row).content);
  const room = await findRoom(db, roomId);
  const { joined } = await countRoomMembers(db, roomId);
  const summary: RoomSummary = {
    room_id: roomId,
    num_joined_members: joined,
    join_rule: str(state.get('m.room.join_rules')?.join_rule) ?? 'invite',
    guest_can_join: state.get('m.room.guest_access')?.guest_access === 'can_join',
    world_readable: state.get('m.room.history_visibility')?.history_visibility === 'world_readable',
  };
  const set = <K extends keyof RoomSummary>(key: K, value: RoomSummary[K] | undefined): void => {
    if (value !== undefined) summary[key] = value;
  };
  set('canonical_alias', str(state.get('m.room.canonical_alias')?.alias));
  set('name', str(state.get('m.room.name')?.name));
  set('topic', str(state.get('m.room.topic')?.topic));
  set('avatar_url', str(state.get('m.room.avatar')?.url));
  set('room_type', str(state.get('m.room.create')?.type));
  set('room_version', room?.room_version);
  set('encryption', str(state.get('m.room.encryption')?.algorithm));
  if (viewer) summary.membership = (membership ?? 'leave') as NonNullable<RoomSummary['membership']>;
  return summary;
}
