import { canonicalJson } from '@parley/protocol';
import type { RoomLock } from '../storage/RoomLock.ts';
import { findCurrentStateEvent, parsePdu } from '../storage/repos/events.ts';
import { findMembership } from '../storage/repos/memberships.ts';

/**
 * The current state event a new state event would merely repeat, as Synapse's
 * `deduplicate_state_event` decides: same type and state key, same sender, and content equal
 * as canonical JSON. Sending it again appends nothing and answers with this event's ID.
 * Membership events never count (they change through the membership endpoints, and a repeated
 * join or leave has its own rules), and the sender must still be joined, so a user who left
 * cannot learn anything new from the answer.
 */
export async function findUnchangedState(lock: RoomLock, sender: string, type: string, stateKey: string, content: Record<string, unknown>): Promise<string | undefined> {
  if (type === 'm.room.member') return undefined;
  const current = await findCurrentStateEvent(lock.tx, lock.roomId, type, stateKey);
  if (!current || current.sender !== sender) return undefined;
  if (!sameJson(parsePdu(current).content, content)) return undefined;
  const membership = await findMembership(lock.tx, lock.roomId, sender);
  return membership?.membership === 'join' ? current.event_id : undefined;
}

function sameJson(a: unknown, b: unknown): boolean {
  try {
    return canonicalJson(a) === canonicalJson(b);
  } catch {
    // Content that is not canonical JSON (a float, say) is not a repeat; appending it refuses it.
    return false;
  }
}
