import type { EventRow } from '../storage/repos/events.ts';
import { listVisibilityHistory, parsePdu } from '../storage/repos/events.ts';
import type { Queryable } from '../storage/schema.ts';

const NOBODY: ReadonlySet<string> = new Set();

interface Change {
  stream: number;
  value: string;
}

/**
 * History visibility for one user, from the user's membership history and the
 * rooms' history_visibility history (rooms are linear, so stream order is room order):
 * world_readable, or joined at the event, or shared and joined at any later point,
 * or invited at the event with visibility invited or shared. Events other than state sent by a
 * user the viewer ignores (`m.ignored_user_list`, passed in as `ignored`) are never seen: the
 * spec's "Ignoring Users" keeps state events, and hides everything else, wherever events are read.
 */
export class Visibility {
  private constructor(
    private readonly userId: string,
    private readonly memberships: Map<string, Change[]>,
    private readonly visibilities: Map<string, Change[]>,
    private readonly ignored: ReadonlySet<string>,
  ) {}

  static async load(db: Queryable, userId: string, roomIds: readonly string[], ignored: ReadonlySet<string> = NOBODY): Promise<Visibility> {
    const rows = await listVisibilityHistory(db, userId, roomIds);
    const memberships = new Map<string, Change[]>();
    const visibilities = new Map<string, Change[]>();
    for (const r of rows) {
      const target = r.type === 'm.room.member' ? memberships : visibilities;
      const value = r.type === 'm.room.member' ? (r.membership ?? 'leave') : String(parsePdu(r).content.history_visibility ?? 'shared');
      let list = target.get(r.room_id);
      if (!list) target.set(r.room_id, (list = []));
      list.push({ stream: Number(r.stream), value });
    }
    return new Visibility(userId, memberships, visibilities, ignored);
  }

  private static before(list: Change[] | undefined, stream: number, fallback: string): string {
    let v = fallback;
    if (!list) return v;
    for (const c of list) {
      if (c.stream >= stream) break;
      v = c.value;
    }
    return v;
  }

  canSee(row: Pick<EventRow, 'room_id' | 'stream' | 'type' | 'state_key' | 'sender'>): boolean {
    if (row.state_key === null && this.ignored.has(row.sender)) return false;
    const stream = Number(row.stream);
    if (row.type === 'm.room.member' && row.state_key === this.userId) return true;
    const hv = Visibility.before(this.visibilities.get(row.room_id), stream, 'shared');
    if (hv === 'world_readable') return true;
    const memberships = this.memberships.get(row.room_id);
    const membership = Visibility.before(memberships, stream, 'leave');
    if (membership === 'join') return true;
    if (hv === 'shared' && memberships?.some((c) => c.stream > stream && c.value === 'join')) return true;
    if (membership === 'invite' && (hv === 'invited' || hv === 'shared')) return true;
    return false;
  }

  /** The user's membership in the room just after the given stream position ('' when none yet). */
  membershipAt(roomId: string, stream: number): string {
    return Visibility.before(this.memberships.get(roomId), stream + 1, '');
  }

  /** Whether the user was ever joined to the room at or before the given stream position. */
  joinedBy(roomId: string, stream: number): boolean {
    return this.memberships.get(roomId)?.some((c) => c.stream <= stream && c.value === 'join') ?? false;
  }

  /** Current membership as of this history, or undefined when the user never had one. */
  membershipNow(roomId: string): string | undefined {
    const list = this.memberships.get(roomId);
    return list?.[list.length - 1]?.value;
  }

  filter<T extends Pick<EventRow, 'room_id' | 'stream' | 'type' | 'state_key' | 'sender'>>(rows: readonly T[]): T[] {
    return rows.filter((r) => this.canSee(r));
  }
}
