import type { RoomLock } from '../storage/RoomLock.ts';
import { listCurrentStateEvents, parsePdu } from '../storage/repos/events.ts';
import { stateKeysFor } from './buildEvent.ts';
import type { EventDraft } from './EventDraft.ts';
import { RoomStateView } from './RoomStateView.ts';

/** Reads, in one query, the current state every draft of a batch is built and authorised against. */
export async function readAuthState(lock: RoomLock, drafts: readonly EventDraft[]): Promise<RoomStateView> {
  const keys = new Map<string, [string, string]>();
  for (const draft of drafts) for (const [t, k] of stateKeysFor(draft)) keys.set(`${t}\u0000${k}`, [t, k]);
  const view = new RoomStateView();
  for (const r of await listCurrentStateEvents(lock.tx, lock.roomId, [...keys.values()])) view.set(r.type, r.state_key!, { pdu: parsePdu(r), eventId: r.event_id });
  return view;
}
