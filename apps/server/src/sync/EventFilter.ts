import { compileGlob, type GlobMatcher } from '@parley/protocol';
import { MatrixError } from '../errors/MatrixError.ts';

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
  /** room.timeline only: per-thread unread counts (sync/buildUnreadCounts.ts). */
  unread_thread_notifications?: boolean;
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

/**
 * Bounds on what a client may put in a filter, so matching costs a bounded, linear
 * amount of work per event (docs/errors.md, M_BAD_JSON): at most MAX_FILTER_PATTERNS
 * `types`/`not_types` globs, at most MAX_FILTER_LIST_ENTRIES IDs in the other lists, every
 * entry at most MAX_FILTER_ENTRY_LENGTH characters, and the whole filter at most
 * MAX_FILTER_JSON_LENGTH characters of JSON.
 */
export const MAX_FILTER_PATTERNS = 100;
export const MAX_FILTER_LIST_ENTRIES = 1000;
export const MAX_FILTER_ENTRY_LENGTH = 255;
export const MAX_FILTER_JSON_LENGTH = 65_536;
/** Distinct event types whose verdict a compiled filter remembers. */
const MAX_MEMO_TYPES = 1024;

interface CompiledFilter {
  types: GlobMatcher[] | undefined;
  notTypes: GlobMatcher[] | undefined;
  senders: Set<string> | undefined;
  notSenders: Set<string> | undefined;
  rooms: Set<string> | undefined;
  notRooms: Set<string> | undefined;
  /** Event type -> whether types/not_types let it through. */
  typeVerdicts: Map<string, boolean>;
}

const globs = (patterns: string[] | undefined): GlobMatcher[] | undefined => (patterns ? [...new Set(patterns)].map((p) => compileGlob(p)) : undefined);
const setOf = (ids: string[] | undefined): Set<string> | undefined => (ids ? new Set(ids) : undefined);

/**
 * Filters compiled once per filter object: a /messages page or a sync matches one filter
 * against many events. A WeakMap, so a compiled filter lives exactly as long as its JSON.
 */
const compiled = new WeakMap<EventFilterJson, CompiledFilter>();

function compile(f: EventFilterJson): CompiledFilter {
  let c = compiled.get(f);
  if (!c) {
    c = {
      types: globs(f.types),
      notTypes: globs(f.not_types),
      senders: setOf(f.senders),
      notSenders: setOf(f.not_senders),
      rooms: setOf(f.rooms),
      notRooms: setOf(f.not_rooms),
      typeVerdicts: new Map(),
    };
    compiled.set(f, c);
  }
  return c;
}

/** Filter type globs (`*` only, content/client-server-api RoomEventFilter) through the linear matcher. */
function typePasses(c: CompiledFilter, type: string): boolean {
  const known = c.typeVerdicts.get(type);
  if (known !== undefined) return known;
  const verdict = !c.notTypes?.some((m) => m(type)) && (c.types === undefined || c.types.some((m) => m(type)));
  if (c.typeVerdicts.size < MAX_MEMO_TYPES) c.typeVerdicts.set(type, verdict);
  return verdict;
}

/** Whether an event passes a RoomEventFilter's type, sender and room conditions. */
export function matchesFilter(f: EventFilterJson | undefined, ev: { type: string; sender?: string; room_id?: string; content?: Record<string, unknown> }): boolean {
  if (!f) return true;
  const c = compile(f);
  if ((c.types || c.notTypes) && !typePasses(c, ev.type)) return false;
  if (ev.sender !== undefined) {
    if (c.notSenders?.has(ev.sender)) return false;
    if (c.senders && !c.senders.has(ev.sender)) return false;
  }
  if (ev.room_id !== undefined) {
    if (c.notRooms?.has(ev.room_id)) return false;
    if (c.rooms && !c.rooms.has(ev.room_id)) return false;
  }
  if (f.contains_url !== undefined) {
    const has = typeof ev.content?.url === 'string';
    if (has !== f.contains_url) return false;
  }
  return true;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** A list of strings within the bounds: at most `max` entries, each at most MAX_FILTER_ENTRY_LENGTH characters. */
function checkList(v: unknown, where: string, max: number): void {
  if (v === undefined) return;
  if (!isStringArray(v)) throw new MatrixError('M_BAD_JSON', `${where} must be a list of strings`);
  if (v.length > max) throw new MatrixError('M_BAD_JSON', `${where} has more than ${max} entries`);
  if (v.some((x) => x.length > MAX_FILTER_ENTRY_LENGTH)) throw new MatrixError('M_BAD_JSON', `${where} has an entry longer than ${MAX_FILTER_ENTRY_LENGTH} characters`);
}

function checkEventFilter(v: unknown, where: string): EventFilterJson | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new MatrixError('M_BAD_JSON', `${where} must be an object`);
  const o = v as Record<string, unknown>;
  for (const k of ['types', 'not_types']) checkList(o[k], `${where}.${k}`, MAX_FILTER_PATTERNS);
  for (const k of ['senders', 'not_senders', 'rooms', 'not_rooms']) checkList(o[k], `${where}.${k}`, MAX_FILTER_LIST_ENTRIES);
  if (o.limit !== undefined && (typeof o.limit !== 'number' || !Number.isInteger(o.limit) || o.limit < 0))
    throw new MatrixError('M_BAD_JSON', `${where}.limit must be a non-negative integer`);
  for (const k of ['lazy_load_members', 'include_redundant_members', 'contains_url']) {
    if (o[k] !== undefined && typeof o[k] !== 'boolean') throw new MatrixError('M_BAD_JSON', `${where}.${k} must be a boolean`);
  }
  return o as EventFilterJson;
}

/** Validates a filter definition as uploaded to /filter or given inline to /sync (and a RoomEventFilter, wrapped). */
export function checkSyncFilter(v: unknown): SyncFilterJson {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new MatrixError('M_BAD_JSON', 'Filter must be a JSON object');
  if (JSON.stringify(v).length > MAX_FILTER_JSON_LENGTH) throw new MatrixError('M_BAD_JSON', `Filter is longer than ${MAX_FILTER_JSON_LENGTH} characters of JSON`);
  const o = v as Record<string, unknown>;
  checkList(o.event_fields, 'event_fields', MAX_FILTER_PATTERNS);
  if (o.event_format !== undefined && o.event_format !== 'client' && o.event_format !== 'federation')
    throw new MatrixError('M_BAD_JSON', 'event_format must be client or federation');
  checkEventFilter(o.presence, 'presence');
  checkEventFilter(o.account_data, 'account_data');
  if (o.room !== undefined) {
    if (o.room === null || typeof o.room !== 'object' || Array.isArray(o.room)) throw new MatrixError('M_BAD_JSON', 'room must be an object');
    const r = o.room as Record<string, unknown>;
    for (const k of ['rooms', 'not_rooms']) checkList(r[k], `room.${k}`, MAX_FILTER_LIST_ENTRIES);
    if (r.include_leave !== undefined && typeof r.include_leave !== 'boolean') throw new MatrixError('M_BAD_JSON', 'room.include_leave must be a boolean');
    for (const k of ['timeline', 'state', 'ephemeral', 'account_data']) checkEventFilter(r[k], `room.${k}`);
  }
  return o as SyncFilterJson;
}
