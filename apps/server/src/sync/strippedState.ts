import { listCurrentStateEvents, listStateAt, findEvent, parsePdu } from '../storage/repos/events.ts';
import type { Queryable } from '../storage/schema.ts';

export interface StrippedEvent { type: string; state_key: string; content: Record<string, unknown>; sender: string }

const STRIPPED_TYPES = ['m.room.create', 'm.room.join_rules', 'm.room.name', 'm.room.avatar', 'm.room.canonical_alias', 'm.room.encryption', 'm.room.topic'];

/** What an invited or knocking user sees of a room: a few state events and their own membership. */
export async function strippedState(db: Queryable, roomId: string, membershipEventId: string): Promise<StrippedEvent[]> {
  const own = await findEvent(db, membershipEventId);
  let rows = await listCurrentStateEvents(db, roomId, STRIPPED_TYPES.map((t) => [t, ''] as const));
  // The room as it was at the invite (what Synapse stores with it), not as it is now.
  if (own && rows.some((r) => Number(r.stream) > Number(own.stream))) {
    rows = (await listStateAt(db, roomId, Number(own.stream))).filter((r) => r.state_key === '' && STRIPPED_TYPES.includes(r.type));
  }
  const all = own ? [...rows, own] : rows;
  return all.map((r) => ({ type: r.type, state_key: r.state_key ?? '', content: parsePdu(r).content, sender: r.sender }));
}
