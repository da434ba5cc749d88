/** Event type names used by the protocol rules, and membership values. */
export const EventTypes = {
  Create: 'm.room.create',
  Member: 'm.room.member',
  PowerLevels: 'm.room.power_levels',
  JoinRules: 'm.room.join_rules',
  HistoryVisibility: 'm.room.history_visibility',
  Name: 'm.room.name',
  Topic: 'm.room.topic',
  Avatar: 'm.room.avatar',
  CanonicalAlias: 'm.room.canonical_alias',
  GuestAccess: 'm.room.guest_access',
  Encryption: 'm.room.encryption',
  Redaction: 'm.room.redaction',
  Message: 'm.room.message',
  ServerAcl: 'm.room.server_acl',
  ThirdPartyInvite: 'm.room.third_party_invite',
  Tombstone: 'm.room.tombstone',
  PinnedEvents: 'm.room.pinned_events',
  Reaction: 'm.reaction',
  Sticker: 'm.sticker',
  Encrypted: 'm.room.encrypted',
  SpaceChild: 'm.space.child',
  SpaceParent: 'm.space.parent',
} as const;

export type EventType = (typeof EventTypes)[keyof typeof EventTypes];

export type Membership = 'invite' | 'join' | 'knock' | 'leave' | 'ban';

export const MEMBERSHIPS: readonly Membership[] = Object.freeze(['invite', 'join', 'knock', 'leave', 'ban'] as const);

export type JoinRule = 'public' | 'invite' | 'knock' | 'restricted' | 'knock_restricted' | 'private';

export type HistoryVisibility = 'invited' | 'joined' | 'shared' | 'world_readable';
