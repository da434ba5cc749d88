import type { RoomId, RoomVersion } from '@parley/protocol';
import type { Dialect, Tx } from './schema.ts';
import { lockRoomRow } from './repos/rooms.ts';

declare const held: unique symbol;

/** Proof that the room's write lock is held in this transaction. Writers below take it as a parameter. */
export interface RoomLock {
  readonly tx: Tx;
  readonly roomId: RoomId;
  readonly roomVersion: RoomVersion;
  lastEventId: string | null;
  lastDepth: number;
  /** Set for a room others can see (lockRoom); a room created in this transaction has no concurrent writers. */
  readonly dialect?: Dialect;
  readonly [held]: true;
}

/** Locks an existing room, or returns null when there is no such room. */
export async function lockRoom(tx: Tx, dialect: Dialect, roomId: RoomId): Promise<RoomLock | null> {
  const row = await lockRoomRow(tx, dialect, roomId);
  if (!row) return null;
  return { tx, roomId, roomVersion: row.room_version as RoomVersion, lastEventId: row.last_event_id, lastDepth: Number(row.last_depth), dialect } as RoomLock;
}

/** For a room created in this transaction: nobody else can see it yet. */
export function lockNewRoom(tx: Tx, roomId: RoomId, roomVersion: RoomVersion): RoomLock {
  return { tx, roomId, roomVersion, lastEventId: null, lastDepth: 0 } as RoomLock;
}
