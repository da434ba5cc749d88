import { actionPowerLevel, userPowerLevel, type RoomVersion } from '@parley/protocol';
import type { EventDraft } from './EventDraft.ts';

/** The old room's state an upgrade reads, by "type\0state_key": content and sender of each current state event. */
export type StateContents = ReadonlyMap<string, { content: Record<string, unknown>; sender: string }>;

export const stateKeyOf = (type: string, stateKey: string): string => `${type}\u0000${stateKey}`;

/** The state an upgrade copies (the spec's list), after the power levels and the join rules. */
const COPIED_STATE = [
  'm.room.join_rules',
  'm.room.history_visibility',
  'm.room.guest_access',
  'm.room.name',
  'm.room.avatar',
  'm.room.topic',
  'm.room.encryption',
  'm.room.server_acl',
];

const intOr = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isInteger(v) ? v : fallback);

export interface ReplacementRoomInput {
  oldRoomId: string;
  /** The tombstone's event ID: the create event's predecessor.event_id, as Synapse sets it. */
  tombstoneId: string;
  version: RoomVersion;
  upgrader: string;
  upgraderProfile: Record<string, string>;
  state: StateContents;
  /** Banned users with the reason of their ban. */
  bans: ReadonlyArray<{ userId: string; reason?: string }>;
  /** Users to invite (with their profile), when the join rule keeps them from joining. */
  invites: ReadonlyArray<{ userId: string; profile: Record<string, string> }>;
  /** The canonical alias content to set once the aliases point at the new room, if any. */
  canonicalAlias: Record<string, unknown> | undefined;
  now: number;
}

/**
 * The events that open a replacement room, in order (Synapse's clone_existing_room):
 * create (room_version, predecessor, the old room's type), the upgrader's join, the old room's
 * power levels with the upgrader raised to the highest level any copied event, ban or invite
 * needs, the copied state (a space also keeps its m.space.child events), the canonical alias,
 * the bans, the invites, and the power levels again with the upgrader back at their level.
 * Bans of users the upgrader could not ban are left out, so the batch never fails the auth rules.
 */
export function replacementRoomDrafts(input: ReplacementRoomInput): EventDraft[] {
  const drafts: EventDraft[] = [];
  const send = (type: string, stateKey: string, content: Record<string, unknown>): void => {
    drafts.push({ type, stateKey, sender: input.upgrader, content, originServerTs: input.now });
  };
  const oldCreate = input.state.get(stateKeyOf('m.room.create', ''))?.content ?? {};
  const create: Record<string, unknown> = { room_version: input.version, predecessor: { room_id: input.oldRoomId, event_id: input.tombstoneId } };
  if (typeof oldCreate.type === 'string') create.type = oldCreate.type;
  if (oldCreate['m.federate'] === false) create['m.federate'] = false;
  if (input.version !== '11') create.creator = input.upgrader;
  send('m.room.create', '', create);
  send('m.room.member', input.upgrader, { membership: 'join', ...input.upgraderProfile });

  const oldPl = input.state.get(stateKeyOf('m.room.power_levels', ''))?.content;
  const pl: Record<string, unknown> | undefined = oldPl ? structuredClone(oldPl) : undefined;
  let restoreTo: number | undefined | null = null;
  if (pl) {
    const users = (typeof pl.users === 'object' && pl.users !== null && !Array.isArray(pl.users) ? pl.users : {}) as Record<string, unknown>;
    pl.users = users;
    const events = typeof pl.events === 'object' && pl.events !== null && !Array.isArray(pl.events) ? Object.values(pl.events as Record<string, unknown>) : [];
    const needed = Math.max(intOr(pl.state_default, 50), actionPowerLevel('ban', pl), actionPowerLevel('invite', pl), ...events.map((v) => intOr(v, 0)));
    const current = userPowerLevel(input.upgrader, pl, undefined);
    if (current < needed) {
      restoreTo = typeof users[input.upgrader] === 'number' ? current : undefined;
      users[input.upgrader] = needed;
    }
    send('m.room.power_levels', '', pl);
  }
  for (const type of COPIED_STATE) {
    const s = input.state.get(stateKeyOf(type, ''));
    if (s) send(type, '', s.content);
  }
  if (oldCreate.type === 'm.space') {
    for (const [key, s] of input.state) {
      const [type, stateKey] = key.split('\u0000') as [string, string];
      if (type === 'm.space.child') send(type, stateKey, s.content);
    }
  }
  if (input.canonicalAlias) send('m.room.canonical_alias', '', input.canonicalAlias);
  const upgraderLevel = pl ? userPowerLevel(input.upgrader, pl, undefined) : 100;
  for (const ban of input.bans) {
    if (pl && userPowerLevel(ban.userId, pl, undefined) >= upgraderLevel) continue;
    send('m.room.member', ban.userId, { membership: 'ban', ...(ban.reason !== undefined ? { reason: ban.reason } : {}) });
  }
  for (const invite of input.invites) send('m.room.member', invite.userId, { membership: 'invite', ...invite.profile });
  if (pl && restoreTo !== null) {
    const restored = structuredClone(pl);
    const users = restored.users as Record<string, unknown>;
    if (restoreTo === undefined) delete users[input.upgrader];
    else users[input.upgrader] = restoreTo;
    send('m.room.power_levels', '', restored);
  }
  return drafts;
}
