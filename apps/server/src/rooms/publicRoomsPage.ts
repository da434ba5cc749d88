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

/**
 * Directory pagination tokens name the room a page ended (`n`: the rooms after it) or began
 * with (`p`: the rooms before it) by its place in the order, joined members then room ID:
 * `n<joined>_<room ID, base64url>`. Unlike an offset, a room published, joined or removed
 * between two pages shifts nothing, so a room is neither seen twice nor skipped for that.
 */
interface Cursor {
  dir: 'n' | 'p';
  joined: number;
  roomId: string;
}

function parseSince(since: string | undefined): Cursor | undefined {
  if (since === undefined || since === '') return undefined;
  const m = /^([np])(\d{1,9})_([A-Za-z0-9_-]{1,400})$/.exec(since);
  const roomId = m ? Buffer.from(m[3]!, 'base64url').toString('utf8') : '';
  if (!m || !roomId.startsWith('!')) throw new MatrixError('M_INVALID_PARAM', 'Invalid since token');
  return { dir: m[1] as 'n' | 'p', joined: Number(m[2]), roomId };
}

const tokenOf = (dir: 'n' | 'p', room: PublicRoomsChunk): string => `${dir}${room.num_joined_members}_${Buffer.from(room.room_id, 'utf8').toString('base64url')}`;

/** Whether `room` comes after the cursor's room in the directory's order (most joined first, then room ID). */
const isAfter = (room: PublicRoomsChunk, c: Cursor): boolean => room.num_joined_members < c.joined || (room.num_joined_members === c.joined && room.room_id > c.roomId);

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
  const cursor = parseSince(q.since);
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

  let start = 0;
  let end = Math.min(limit, listed.length);
  if (cursor?.dir === 'n') {
    start = listed.findIndex((room) => isAfter(room, cursor));
    if (start < 0) start = listed.length;
    end = Math.min(start + limit, listed.length);
  } else if (cursor?.dir === 'p') {
    end = listed.findIndex((room) => room.room_id === cursor.roomId || isAfter(room, cursor));
    if (end < 0) end = listed.length;
    start = Math.max(0, end - limit);
  }
  const chunk = listed.slice(start, end);
  const page: PublicRoomsPage = { chunk, total_room_count_estimate: listed.length };
  if (end < listed.length && chunk.length > 0) page.next_batch = tokenOf('n', chunk[chunk.length - 1]!);
  if (start > 0 && chunk.length > 0) page.prev_batch = tokenOf('p', chunk[0]!);
  return page;
}
