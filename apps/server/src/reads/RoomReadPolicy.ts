import { accessRoomForRead } from '../access/accessRoomForRead.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { findEvent, listCurrentState, listStateAt, type EventRow } from '../storage/repos/events.ts';
import type { Queryable } from '../storage/schema.ts';
import type { FormatContext } from '../sync/formatEvent.ts';
import { Visibility } from '../sync/Visibility.ts';
import type { Viewer } from './Viewer.ts';
import { loadIgnoredUsers } from './loadIgnoredUsers.ts';

/**
 * What one viewer may read of one room: the access gate (access/accessRoomForRead.ts, still the
 * only gate) decided when the policy is opened, then history visibility (sync/Visibility.ts)
 * event by event (hiding the events of users the viewer ignores). Every reader in reads/ goes through it, so the gate-then-visibility sequence
 * exists once. The visibility history is read on first use: a request refused or answered
 * before it needs it costs no query for it.
 */
export class RoomReadPolicy {
  private visibilityLoad: Promise<Visibility> | undefined;
  private ignoredLoad: Promise<ReadonlySet<string>> | undefined;

  private constructor(
    private readonly db: Queryable,
    readonly viewer: Viewer,
    readonly roomId: string,
    /** The highest stream position the viewer may read (their departure for a former member). */
    readonly upTo: number,
    /** The viewer's membership in the room, if they have one (a world_readable room is read without). */
    readonly membership: string | undefined,
  ) {}

  /** Opens the room for the viewer, or refuses with the gate's M_FORBIDDEN (the same whether or not the room exists). */
  static async open(db: Queryable, viewer: Viewer, roomId: string): Promise<RoomReadPolicy> {
    switch (viewer.kind) {
      case 'user': {
        const access = await accessRoomForRead(db, viewer.userId, roomId);
        return new RoomReadPolicy(db, viewer, roomId, access.upTo, access.membership);
      }
    }
  }

  /** History visibility for the viewer in this room. */
  visibility(): Promise<Visibility> {
    return (this.visibilityLoad ??= this.ignored().then((ignored) => Visibility.load(this.db, this.viewer.userId, [this.roomId], ignored)));
  }

  /** The users the viewer ignores (m.ignored_user_list): hidden from what they read, aggregations included. */
  ignored(): Promise<ReadonlySet<string>> {
    switch (this.viewer.kind) {
      case 'user':
        return (this.ignoredLoad ??= loadIgnoredUsers(this.db, this.viewer.userId));
    }
  }

  /** The event, if it is in this room, within the viewer's bound and visible to them; else M_NOT_FOUND (hidden looks like missing). */
  async getEvent(eventId: string): Promise<EventRow> {
    const row = await findEvent(this.db, eventId);
    if (!row || row.room_id !== this.roomId || Number(row.stream) > this.upTo) throw new MatrixError('M_NOT_FOUND', 'Event not found');
    if (!(await this.visibility()).canSee(row)) throw new MatrixError('M_NOT_FOUND', 'Event not found');
    return row;
  }

  /** The room's state as far as the viewer may read: current, or as it was when they left. */
  listState(): Promise<EventRow[]> {
    return this.upTo === Number.MAX_SAFE_INTEGER ? listCurrentState(this.db, this.roomId) : listStateAt(this.db, this.roomId, this.upTo);
  }

  /** How events are formatted for the viewer (their own sends carry their transaction ID). */
  format(now: number): FormatContext {
    return { now, userId: this.viewer.userId, ...(this.viewer.deviceId !== undefined ? { deviceId: this.viewer.deviceId } : {}) };
  }
}
