/** Longest a typing notification lasts, whatever the client asks for. */
export const MAX_TYPING_TIMEOUT_MS = 120_000;

/**
 * Who is typing in which room, in memory only (typing is ephemeral). Each change
 * of a room's typing set is recorded at a stream position (taken by the action
 * that announces it), so /sync sends a room's current typing set when it changed
 * after the client's `since`. Expiries are reported through `onExpired`.
 */
export class TypingTracker {
  /** room -> user -> expiry time (ms). */
  private readonly rooms = new Map<string, Map<string, number>>();
  /** room -> stream position of the last announced change. */
  private readonly changedAt = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopped = false;
  /** Called with the rooms whose typing set shrank because a timeout passed. */
  onExpired: ((roomIds: string[]) => void) | null = null;

  constructor(private readonly now: () => number) {}

  /** Starts or stops a user's typing; true when the room's typing set changed (a refresh is not a change). */
  set(roomId: string, userId: string, typing: boolean, timeoutMs: number): boolean {
    let users = this.rooms.get(roomId);
    if (!typing) {
      if (!users?.has(userId)) return false;
      users.delete(userId);
      if (users.size === 0) this.rooms.delete(roomId);
      return true;
    }
    if (!users) this.rooms.set(roomId, (users = new Map()));
    const was = users.has(userId);
    const expires = this.now() + Math.max(0, Math.min(timeoutMs, MAX_TYPING_TIMEOUT_MS));
    users.set(userId, expires);
    this.schedule(expires);
    return !was;
  }

  /** Records that the room's typing set changed at this stream position. */
  markChanged(roomId: string, position: number): void {
    if (position > (this.changedAt.get(roomId) ?? 0)) this.changedAt.set(roomId, position);
  }

  usersTyping(roomId: string): string[] {
    return [...(this.rooms.get(roomId)?.keys() ?? [])].sort();
  }

  /**
   * The typing sets to send for these rooms: those that changed in (since, upTo],
   * or on an initial sync (since null) those where someone is typing.
   */
  listChanged(roomIds: readonly string[], since: number | null, upTo: number): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const roomId of roomIds) {
      if (since === null) {
        if (this.rooms.has(roomId)) out.set(roomId, this.usersTyping(roomId));
        continue;
      }
      const at = this.changedAt.get(roomId);
      if (at !== undefined && at > since && at <= upTo) out.set(roomId, this.usersTyping(roomId));
    }
    return out;
  }

  /** Cancels the expiry timer (server shutdown). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private schedule(at: number): void {
    if (this.stopped || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => this.expire(), Math.max(1, at - this.now()));
    this.timer.unref();
  }

  private expire(): void {
    this.timer = null;
    this.timerAt = Number.POSITIVE_INFINITY;
    const now = this.now();
    const expiredRooms: string[] = [];
    let next = Number.POSITIVE_INFINITY;
    for (const [roomId, users] of this.rooms) {
      let shrank = false;
      for (const [userId, expires] of users) {
        if (expires <= now) {
          users.delete(userId);
          shrank = true;
        } else if (expires < next) next = expires;
      }
      if (users.size === 0) this.rooms.delete(roomId);
      if (shrank) expiredRooms.push(roomId);
    }
    if (next !== Number.POSITIVE_INFINITY) this.schedule(next);
    if (expiredRooms.length > 0) this.onExpired?.(expiredRooms);
  }
}
