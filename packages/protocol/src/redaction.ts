/**
 * The redaction algorithm: room version 10 uses the v9 rules
 * (content/rooms/fragments/v9-redactions.md), room version 11 its own
 * (v11-redactions.md).
 */
import type { RoomVersion } from './roomVersions.ts';

const V10_TOP_LEVEL = [
  'event_id',
  'type',
  'room_id',
  'sender',
  'state_key',
  'content',
  'hashes',
  'signatures',
  'depth',
  'prev_events',
  'prev_state',
  'auth_events',
  'origin',
  'origin_server_ts',
  'membership',
] as const;

const V11_TOP_LEVEL = ['event_id', 'type', 'room_id', 'sender', 'state_key', 'content', 'hashes', 'signatures', 'depth', 'prev_events', 'auth_events', 'origin_server_ts'] as const;

const V10_CONTENT: Record<string, readonly string[]> = {
  'm.room.member': ['membership', 'join_authorised_via_users_server'],
  'm.room.create': ['creator'],
  'm.room.join_rules': ['join_rule', 'allow'],
  'm.room.power_levels': ['ban', 'events', 'events_default', 'kick', 'redact', 'state_default', 'users', 'users_default'],
  'm.room.history_visibility': ['history_visibility'],
};

const V11_CONTENT: Record<string, readonly string[]> = {
  'm.room.member': ['membership', 'join_authorised_via_users_server'],
  'm.room.join_rules': ['join_rule', 'allow'],
  'm.room.power_levels': ['ban', 'events', 'events_default', 'invite', 'kick', 'redact', 'state_default', 'users', 'users_default'],
  'm.room.history_visibility': ['history_visibility'],
  'm.room.redaction': ['redacts'],
};

const has = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function redactContent(type: unknown, content: unknown, roomVersion: RoomVersion): Record<string, unknown> {
  if (!isObject(content)) return {};
  if (roomVersion === '11' && type === 'm.room.create') return { ...content };
  const table = roomVersion === '11' ? V11_CONTENT : V10_CONTENT;
  const keep = typeof type === 'string' && has(table, type) ? (table[type] ?? []) : [];
  const out: Record<string, unknown> = {};
  for (const k of keep) if (has(content, k)) out[k] = content[k];
  if (roomVersion === '11' && type === 'm.room.member') {
    const tpi = content['third_party_invite'];
    if (isObject(tpi) && has(tpi, 'signed')) out['third_party_invite'] = { signed: tpi['signed'] };
  }
  return out;
}

/**
 * Returns a redacted copy of `event` (a PDU or a client-format event).
 * Top-level keys outside the room version's list are dropped (including
 * `unsigned`; callers re-add what they need such as `redacted_because`),
 * and `content` keeps only the keys allowed for the event type. `content`
 * is always present in the result. The input is not modified.
 */
export function redactEvent<T extends object>(event: T, roomVersion: RoomVersion): T {
  const ev = event as Record<string, unknown>;
  const keys = roomVersion === '11' ? V11_TOP_LEVEL : V10_TOP_LEVEL;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (has(ev, k)) out[k] = ev[k];
  out['content'] = redactContent(ev['type'], ev['content'], roomVersion);
  return out as T;
}
