import { MatrixError } from '../http/MatrixError.ts';

/** The spec's Filter / RoomEventFilter / RoomFilter, as much as the server applies. */
export interface EventFilterJson {
  limit?: number;
  types?: string[];
  not_types?: string[];
  senders?: string[];
  not_senders?: string[];
  rooms?: string[];
  not_rooms?: string[];
  lazy_load_members?: boolean;
  include_redundant_members?: boolean;
  contains_url?: boolean;
}

export interface SyncFilterJson {
  event_fields?: string[];
  event_format?: 'client' | 'federation';
  presence?: EventFilterJson;
  account_data?: EventFilterJson;
  room?: {
    rooms?: string[];
    not_rooms?: string[];
    include_leave?: boolean;
    timeline?: EventFilterJson;
    state?: EventFilterJson;
    ephemeral?: EventFilterJson;
    account_data?: EventFilterJson;
  };
}

function globMatch(pattern: string, value: string): boolean {
  if (!pattern.includes('*')) return pattern === value;
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
  return re.test(value);
}

/** Whether an event passes a RoomEventFilter's type, sender and room conditions. */
export function matchesFilter(f: EventFilterJson | undefined, ev: { type: string; sender?: string; room_id?: string; content?: Record<string, unknown> }): boolean {
  if (!f) return true;
  if (f.not_types?.some((p) => globMatch(p, ev.type))) return false;
  if (f.types && !f.types.some((p) => globMatch(p, ev.type))) return false;
  if (ev.sender !== undefined) {
    if (f.not_senders?.includes(ev.sender)) return false;
    if (f.senders && !f.senders.includes(ev.sender)) return false;
  }
  if (ev.room_id !== undefined) {
    if (f.not_rooms?.includes(ev.room_id)) return false;
    if (f.rooms && !f.rooms.includes(ev.room_id)) return false;
  }
  if (f.contains_url !== undefined) {
    const has = typeof ev.content?.url === 'string';
    if (has !== f.contains_url) return false;
  }
  return true;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function checkEventFilter(v: unknown, where: string): EventFilterJson | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new MatrixError('M_BAD_JSON', `${where} must be an object`);
  const o = v as Record<string, unknown>;
  for (const k of ['types', 'not_types', 'senders', 'not_senders', 'rooms', 'not_rooms']) {
    if (o[k] !== undefined && !isStringArray(o[k])) throw new MatrixError('M_BAD_JSON', `${where}.${k} must be a list of strings`);
  }
  if (o.limit !== undefined && (typeof o.limit !== 'number' || !Number.isInteger(o.limit) || o.limit < 0)) throw new MatrixError('M_BAD_JSON', `${where}.limit must be a non-negative integer`);
  for (const k of ['lazy_load_members', 'include_redundant_members', 'contains_url']) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') throw new MatrixError('M_BAD_JSON', `${where}.${k} must be a boolean`);
  }
  return o as EventFilterJson;
}

/** Validates a filter definition as uploaded to /filter or given inline to /sync. */
export function checkSyncFilter(v: unknown): SyncFilterJson {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new MatrixError('M_BAD_JSON', 'Filter must be a JSON object');
  const o = v as Record<string, unknown>;
  if (o.event_fields !== undefined && !isStringArray(o.event_fields)) throw new MatrixError('M_BAD_JSON', 'event_fields must be a list of strings');
  if (o.event_format !== undefined && o.event_format !== 'client' && o.event_format !== 'federation') throw new MatrixError('M_BAD_JSON', 'event_format must be client or federation');
  checkEventFilter(o.presence, 'presence');
  checkEventFilter(o.account_data, 'account_data');
  if (o.room !== undefined) {
    if (o.room === null || typeof o.room !== 'object' || Array.isArray(o.room)) throw new MatrixError('M_BAD_JSON', 'room must be an object');
    const r = o.room as Record<string, unknown>;
    for (const k of ['rooms', 'not_rooms']) if (r[k] !== undefined && !isStringArray(r[k])) throw new MatrixError('M_BAD_JSON', `room.${k} must be a list of strings`);
    if (r.include_leave !== undefined && typeof r.include_leave !== 'boolean') throw new MatrixError('M_BAD_JSON', 'room.include_leave must be a boolean');
    for (const k of ['timeline', 'state', 'ephemeral', 'account_data']) checkEventFilter(r[k], `room.${k}`);
  }
  return o as SyncFilterJson;
}
