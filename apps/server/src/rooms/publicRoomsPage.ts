import type { Queryable } from '../storage/schema.ts';
import { listPublishedRooms, listRoomsStateOfTypes } from '../storage/repos/roomDirectory.ts';
import { parsePdu } from '../storage/repos/events.ts';
import { MatrixError } from '../errors/MatrixError.ts';

export interface PublicRoomsChunk {
  room_id: string;
  num_joined_members: number;
  world_readable: boolean;
  guest_can_join: boolean;
  name?: string;
  topic?: string;
  canonical_alias?: string;
  avatar_url?: string;
  join_rule?: string;
  room_type?: string;
}

export interface PublicRoomsQuery {
  limit?: number;
  since?: string;
  genericSearchTerm?: string;
  /** Room types to keep; null stands for rooms without a type. */
  roomTypes?: Array<string | null>;
}

export interface PublicRoomsPage {
  chunk: PublicRoomsChunk[];
  next_batch?: string;
  prev_batch?: string;
  total_room_count_estimate: number;
}

const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 500;
const DIRECTORY_TYPES = [
  'm.room.create',
  'm.room.name',
  'm.room.topic',
  'm.room.canonical_alias',
  'm.room.avatar',
  'm.room.join_rules',
  'm.room.history_visibility',
  'm.room.guest_access',
];
/** Join rules under which a published room is listed even when its history is not world_readable. */
const LISTED_JOIN_RULES = new Set(['public', 'knock', 'knock_restricted']);

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** Directory pagination tokens are offsets into the ordered, filtered list: `o<offset>`. */
function parseSince(since: string | undefined): number {
  if (since === undefined) return 0;
  const m = /^o(\d{1,9})$/.exec(since);
  if (!m) throw new MatrixError('M_INVALID_PARAM', 'Invalid since token');
  return Number(m[1]);
}

function plainTopic(content: Record<string, unknown>): string | undefined {
  const rich = content['m.topic'];
  if (Array.isArray(rich)) {
    const plain = rich.find((t) => t && typeof t === 'object' && ((t as Record<string, unknown>).mimetype ?? 'text/plain') === 'text/plain');
    if (plain) return str((plain as Record<string, unknown>).body);
  }
  return str(content.topic);
}

/**
 * One page of the published room directory: published rooms whose join rule lets
 * people in (or whose history is world_readable), most joined members first.
 */
export async function publicRoomsPage(db: Queryable, q: PublicRoomsQuery): Promise<PublicRoomsPage> {
  const offset = parseSince(q.since);
  const limit = Math.min(q.limit !== undefined && q.limit > 0 ? q.limit : DEFAULT_LIMIT, MAX_LIMIT);
  const published = await listPublishedRooms(db);
  const state = await listRoomsStateOfTypes(
    db,
    published.map((p) => p.roomId),
    DIRECTORY_TYPES,
  );
  const contentOf = new Map<string, Record<string, unknown>>();
  for (const row of state) contentOf.set(`${row.room_id}\u0000${row.type}`, parsePdu(row).content ?? {});
  const term = q.genericSearchTerm?.trim().toLowerCase();

  const listed: PublicRoomsChunk[] = [];
  for (const p of published) {
    const c = (type: string): Record<string, unknown> => contentOf.get(`${p.roomId}\u0000${type}`) ?? {};
    const joinRule = str(c('m.room.join_rules').join_rule);
    const worldReadable = c('m.room.history_visibility').history_visibility === 'world_readable';
    if (!worldReadable && !LISTED_JOIN_RULES.has(joinRule ?? 'invite')) continue;
    const entry: PublicRoomsChunk = {
      room_id: p.roomId,
      num_joined_members: p.joined,
      world_readable: worldReadable,
      guest_can_join: c('m.room.guest_access').guest_access === 'can_join',
    };
    const name = str(c('m.room.name').name);
    const topic = plainTopic(c('m.room.topic'));
    const alias = str(c('m.room.canonical_alias').alias);
    const avatar = str(c('m.room.avatar').url);
    const roomType = str(c('m.room.create').type);
    if (name !== undefined) entry.name = name;
    if (topic !== undefined) entry.topic = topic;
    if (alias !== undefined) entry.canonical_alias = alias;
    if (avatar !== undefined) entry.avatar_url = avatar;
    if (joinRule !== undefined) entry.join_rule = joinRule;
    if (roomType !== undefined) entry.room_type = roomType;
    if (q.roomTypes && !q.roomTypes.includes(roomType ?? null)) continue;
    if (term && ![name, topic, alias].some((v) => v !== undefined && v.toLowerCase().includes(term))) continue;
    listed.push(entry);
  }

  const page: PublicRoomsPage = { chunk: listed.slice(offset, offset + limit), total_room_count_estimate: listed.length };
  if (offset + limit < listed.length) page.next_batch = `o${offset + limit}`;
  if (offset > 0) page.prev_batch = `o${Math.max(0, offset - limit)}`;
  return page;
}
