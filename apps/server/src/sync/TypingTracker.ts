/** Longest a typing notification lasts, whatever the client asks for. */
export const MAX_TYPING_TIMEOUT_MS = 120_000;

/** A room's typing users as one node knows them: user -> expiry time (ms since the epoch). */
export type TypingSnapshot = Record<string, number>;

/** Which node a typing entry came from: this one, or another (RedisNotifierBridge) by its ID. */
const LOCAL = '';

/**
 * Who is typing in which room, in memory only (typing is ephemeral). Each change
 * of a room's typing set is recorded at a stream position (taken by the action
 * that announces it), so /sync sends a room's current typing set when it changed
 * after the client's `since`. Expiries of this node's entries are reported through
 * `onExpired`; with several nodes, each announces its own users' typing to the
 * others (`onAnnounced`, `applyRemote`) and only the node a user typed on announces
 * that their typing expired.
 */
export class TypingTracker {
  /** room -> user -> expiry time (ms) and the node it came from. */
  private readonly rooms = new Map<string, Map<string, { expires: number; node: string }>>();
  /** room -> stream position of the last announced change. */
  private readonly changedAt = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private timerAt = Number.POSITIVE_INFINITY;
  private stopped = false;
  /** Called with the rooms whose typing set shrank because a timeout of this node's users passed. */
  onExpired: ((roomIds: string[]) => void) | null = null;
  /** Called when this node announces changed rooms at a position, before anyone is woken (to tell other nodes). */
  onAnnounced: ((position: number, rooms: Record<string, TypingSnapshot>) => void) | null = null;

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
    users.set(userId, { expires, node: LOCAL });
    this.schedule(expires);
    return !was;
  }

  /** Records that the rooms' typing sets changed at this stream position (this node's announcement). */
  announce(roomIds: readonly string[], position: number): void {
    const rooms: Record<string, TypingSnapshot> = {};
    for (const roomId of roomIds) {
      this.markChanged(roomId, position);
      const own: TypingSnapshot = {};
      for (const [userId, e] of this.rooms.get(roomId) ?? []) if (e.node === LOCAL) own[userId] = e.expires;
      rooms[roomId] = own;
    }
    this.onAnnounced?.(position, rooms);
  }

  /** Another node announced its users' typing in these rooms at `position`: replace what it said before. */
  applyRemote(node: string, position: number, rooms: Record<string, TypingSnapshot>): void {
    for (const [roomId, snapshot] of Object.entries(rooms)) {
      let users = this.rooms.get(roomId);
      if (!users) this.rooms.set(roomId, (users = new Map()));
      for (const [userId, e] of users) if (e.node === node) users.delete(userId);
      for (const [userId, expires] of Object.entries(snapshot)) {
        if (typeof expires !== 'number') continue;
        users.set(userId, { expires, node });
        this.schedule(expires);
      }
      if (users.size === 0) this.rooms.delete(roomId);
      this.markChanged(roomId, position);
    }
  }

  private markChanged(roomId: string, position: number): void {
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
      for (const [userId, { expires, node }] of users) {
        if (expires <= now) {
          users.delete(userId);
          // Another node's user: that node announces the expiry, and this one hears it.
          if (node === LOCAL) shrank = true;
        } else if (expires < next) next = expires;
      }
      if (users.size === 0) this.rooms.delete(roomId);
      if (shrank) expiredRooms.push(roomId);
    }
    if (next !== Number.POSITIVE_INFINITY) this.schedule(next);
    if (expiredRooms.length > 0) this.onExpired?.(expiredRooms);
  }
}
