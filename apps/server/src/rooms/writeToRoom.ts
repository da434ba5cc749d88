import type { RoomId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import { lockRoom, type RoomLock } from '../storage/RoomLock.ts';
import { listRoomMemberIds } from '../storage/repos/memberships.ts';
import type { ChangeKind } from '../sync/Notifier.ts';
import { MatrixError } from '../errors/MatrixError.ts';

/** The refusal for writes by non-members: the same whether or not the room exists. */
export const ROOM_WRITE_REFUSED = 'You are not allowed to do that in this room';

export interface RoomWrite<T> {
  result: T;
  /** Highest stream position written. */
  stream: number;
  /** Users to wake: the room's joined members plus anyone named by the write. */
  audience: Set<string>;
  /** What changed, for /sync's section skipping; room and membership unless the write says less. */
  kinds: readonly ChangeKind[];
}

/**
 * Runs `fn` in a transaction holding the room's lock; after commit, wakes the
 * audience. The write returns the extra users it concerns (e.g. a kicked user).
 */
export async function writeToRoom<T>(
  deps: AppDeps,
  roomId: RoomId,
  fn: (lock: RoomLock) => Promise<{ result: T; stream: number; alsoNotify?: Iterable<string>; kinds?: readonly ChangeKind[] }>,
): Promise<T> {
  const write = await deps.database.transaction(async (tx): Promise<RoomWrite<T>> => {
    const lock = await lockRoom(tx, deps.database.dialect, roomId);
    if (!lock) throw new MatrixError('M_FORBIDDEN', ROOM_WRITE_REFUSED);
    const out = await fn(lock);
    // A write that appended nothing (e.g. joining a room one is already in) wakes nobody.
    if (out.stream === 0) return { result: out.result, stream: 0, audience: new Set<string>(), kinds: [] };
    const audience = new Set(await listRoomMemberIds(tx, roomId, ['join']));
    for (const u of out.alsoNotify ?? []) audience.add(u);
    return { result: out.result, stream: out.stream, audience, kinds: out.kinds ?? ['room', 'membership'] };
  });
  if (write.stream !== 0) deps.notifier.notify(write.stream, write.audience, write.kinds);
  return write.result;
}
