import { DEFAULT_ROOM_VERSION, isSupportedRoomVersion, parseUserId, type RoomId, type RoomVersion } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import type { Principal } from '../identity/Principal.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { appendEvents } from '../rooms/appendEvents.ts';
import type { EventDraft } from '../rooms/EventDraft.ts';
import { roomChangeOf } from '../feed/roomChangeOf.ts';
import { lockNewRoom } from '../storage/RoomLock.ts';
import { insertRoom } from '../storage/repos/rooms.ts';
import { findUser } from '../storage/repos/users.ts';
import { findRoomAlias, insertRoomAlias } from '../storage/repos/roomAliases.ts';
import { randomId } from '../security/tokens.ts';

export type RoomPreset = 'private_chat' | 'public_chat' | 'trusted_private_chat';

export interface CreateRoomInput {
  visibility?: 'public' | 'private';
  roomAliasName?: string;
  name?: string;
  topic?: string;
  invite?: string[];
  preset?: RoomPreset;
  isDirect?: boolean;
  initialState?: Array<{ type: string; state_key?: string; content: Record<string, unknown> }>;
  creationContent?: Record<string, unknown>;
  powerLevelContentOverride?: Record<string, unknown>;
  roomVersion?: string;
}

const PRESETS: Record<RoomPreset, { joinRule: string; historyVisibility: string; guestAccess: string }> = {
  private_chat: { joinRule: 'invite', historyVisibility: 'shared', guestAccess: 'can_join' },
  trusted_private_chat: { joinRule: 'invite', historyVisibility: 'shared', guestAccess: 'can_join' },
  public_chat: { joinRule: 'public', historyVisibility: 'shared', guestAccess: 'forbidden' },
};

/** Creates a room with the spec's event order: create, creator's join, power levels, alias, preset, initial state, name, topic, invites. */
export async function createRoom(deps: AppDeps, auth: Principal, input: CreateRoomInput): Promise<{ roomId: RoomId; alias?: string }> {
  const version = (input.roomVersion ?? DEFAULT_ROOM_VERSION) as RoomVersion;
  if (!isSupportedRoomVersion(version)) throw new MatrixError('M_UNSUPPORTED_ROOM_VERSION', `Room version ${String(input.roomVersion)} is not supported`);
  const server = deps.config.serverName;
  const invites = [...new Set(input.invite ?? [])];
  for (const u of invites) if (!parseUserId(u)) throw new MatrixError('M_INVALID_PARAM', `Invalid user ID: ${u}`);
  let alias: string | undefined;
  if (input.roomAliasName !== undefined) {
    if (!/^[^\s:#]+$/.test(input.roomAliasName)) throw new MatrixError('M_INVALID_PARAM', 'Invalid room_alias_name');
    alias = `#${input.roomAliasName}:${server}`;
    if (alias.length > 255) throw new MatrixError('M_INVALID_PARAM', 'Alias is too long');
  }
  const preset = PRESETS[input.preset ?? (input.visibility === 'public' ? 'public_chat' : 'private_chat')];
  const roomId = `!${randomId(15)}:${server}` as RoomId;
  const now = deps.now();

  await commitChanges(deps, async (tx, feed) => {
    if (alias && (await findRoomAlias(tx, alias))) throw new MatrixError('M_ROOM_IN_USE', 'Room alias already taken');
    for (const u of invites) if (!(await findUser(tx, u))) throw new MatrixError('M_NOT_FOUND', `Unknown user: ${u}`);
    await insertRoom(tx, {
      room_id: roomId,
      room_version: version,
      creator: auth.userId,
      is_public: input.visibility === 'public' ? 1 : 0,
      last_event_id: null,
      last_depth: 0,
      created_ts: now,
    });
    const lock = lockNewRoom(tx, roomId, version);
    // Only the creator joins here (invitees are invited): the audiences need no read of the members.
    feed.knowJoinedMembers(roomId, [auth.userId]);
    // The whole initial state is one batch: built and authorised in order, each event against the state before it.
    const drafts: EventDraft[] = [];
    const send = (type: string, stateKey: string | undefined, content: Record<string, unknown>): void => {
      drafts.push({ type, ...(stateKey !== undefined ? { stateKey } : {}), sender: auth.userId, content, originServerTs: now });
    };
    const creation: Record<string, unknown> = { ...(input.creationContent ?? {}), room_version: version };
    if (version === '11') delete creation.creator;
    else creation.creator = auth.userId;
    send('m.room.create', '', creation);
    const me = await findUser(tx, auth.userId);
    send('m.room.member', auth.userId, {
      membership: 'join',
      ...(me?.displayname ? { displayname: me.displayname } : {}),
      ...(me?.avatar_url ? { avatar_url: me.avatar_url } : {}),
    });
    const users: Record<string, number> = { [auth.userId]: 100 };
    if (input.preset === 'trusted_private_chat') for (const u of invites) users[u] = 100;
    const pl: Record<string, unknown> = {
      users,
      users_default: 0,
      events: {
        'm.room.name': 50,
        'm.room.power_levels': 100,
        'm.room.history_visibility': 100,
        'm.room.canonical_alias': 50,
        'm.room.avatar': 50,
        'm.room.tombstone': 100,
        'm.room.server_acl': 100,
        'm.room.encryption': 100,
      },
      events_default: 0,
      state_default: 50,
      ban: 50,
      kick: 50,
      redact: 50,
      invite: preset.joinRule === 'public' ? 50 : 0,
      historical: 100,
      notifications: { room: 50 },
    };
    send('m.room.power_levels', '', { ...pl, ...(input.powerLevelContentOverride ?? {}) });
    if (alias) {
      if (!(await insertRoomAlias(tx, { alias, room_id: roomId, creator: auth.userId }))) throw new MatrixError('M_ROOM_IN_USE', 'Room alias already taken');
      send('m.room.canonical_alias', '', { alias });
    }
    send('m.room.join_rules', '', { join_rule: preset.joinRule });
    send('m.room.history_visibility', '', { history_visibility: preset.historyVisibility });
    send('m.room.guest_access', '', { guest_access: preset.guestAccess });
    for (const s of input.initialState ?? []) send(s.type, s.state_key ?? '', s.content);
    if (input.name !== undefined) send('m.room.name', '', { name: input.name });
    if (input.topic !== undefined) send('m.room.topic', '', { topic: input.topic, 'm.topic': [{ mimetype: 'text/plain', body: input.topic }] });
    for (const u of invites) {
      const target = await findUser(tx, u);
      send('m.room.member', u, {
        membership: 'invite',
        ...(input.isDirect ? { is_direct: true } : {}),
        ...(target?.displayname ? { displayname: target.displayname } : {}),
      });
    }
    for (const appended of await appendEvents(lock, { serverName: server, key: deps.signingKey }, drafts)) feed.emit(roomChangeOf(appended));
  });
  return { roomId, ...(alias ? { alias } : {}) };
}
