import type { Tx } from '../storage/schema.ts';
import { allocateStreamPosition } from '../storage/repos/events.ts';
import { listRoomMemberIds, listUsersSharingRoomsWith } from '../storage/repos/memberships.ts';
import { insertStreamChanges } from '../storage/repos/streamChanges.ts';
import { audienceOf, type AudienceSource } from './audienceOf.ts';
import type { DeliveredChanges } from './FeedSubscriber.ts';
import type { StreamChange } from './StreamChange.ts';

/**
 * What an action writes through in `commitChanges`: the transaction's stream
 * position and the changes it records. Room events carry their own positions
 * (appendEvent takes one per event); the commit is filed under the highest.
 */
export class FeedWriter {
  private allocated: number | null = null;
  private highest = 0;
  private readonly changes: StreamChange[] = [];
  private readonly joined = new Map<string, Promise<readonly string[]>>();
  private readonly sharing = new Map<string, Promise<readonly string[]>>();

  constructor(readonly tx: Tx) {}

  /** The transaction's stream position: taken on the first call (once per transaction), the same after. */
  async position(): Promise<number> {
    if (this.allocated === null) {
      this.allocated = await allocateStreamPosition(this.tx);
      if (this.allocated > this.highest) this.highest = this.allocated;
    }
    return this.allocated;
  }

  /** Records a change; it is persisted with the commit and dispatched once the commit is durable. */
  emit(change: StreamChange): void {
    this.changes.push(change);
    if ('stream' in change && change.stream > this.highest) this.highest = change.stream;
  }

  /** Spares the read of a room's joined members when the action knows them (a new room's creator). */
  knowJoinedMembers(roomId: string, userIds: readonly string[]): void {
    this.joined.set(roomId, Promise.resolve(userIds));
  }

  /**
   * For commitChanges only, at the end of the transaction: resolves the audiences (one read
   * per room or user, however many changes name it), files the changes under the
   * commit's position, and returns what to dispatch after commit (null if nothing changed).
   */
  async seal(now: number): Promise<DeliveredChanges | null> {
    if (this.changes.length === 0) return null;
    if (this.highest === 0) await this.position();
    const tx = this.tx;
    const source: AudienceSource = {
      joinedMembers: (roomId) => memo(this.joined, roomId, () => listRoomMemberIds(tx, roomId, ['join'])),
      usersSharingRoomsWith: (userId) => memo(this.sharing, userId, () => listUsersSharingRoomsWith(tx, userId)),
    };
    const audiences: Array<readonly string[]> = [];
    for (const change of this.changes) audiences.push(await audienceOf(change, source));
    await insertStreamChanges(tx, { position: this.highest, changes: JSON.stringify(this.changes), created_ts: now });
    return { position: this.highest, changes: this.changes, audiences };
  }
}

function memo<T>(cache: Map<string, Promise<T>>, key: string, read: () => Promise<T>): Promise<T> {
  let hit = cache.get(key);
  if (!hit) cache.set(key, (hit = read()));
  return hit;
}
