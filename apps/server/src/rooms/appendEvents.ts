import type { RoomLock } from '../storage/RoomLock.ts';
import { authoriseEvent } from './authoriseEvent.ts';
import { buildEvent, type BuiltEvent, type EventSigner, type RoomHead } from './buildEvent.ts';
import { checkCanonicalAlias } from './checkCanonicalAlias.ts';
import type { AppendedEvent, EventDraft } from './EventDraft.ts';
import { persistEvents } from './persistEvents.ts';
import { readAuthState } from './readAuthState.ts';

/**
 * Appends drafts to a locked room, in order, in three steps: build each (pure: auth events,
 * prev events, hashes, signature, size), authorise it against the state before it (the auth
 * rules; an alias check for m.room.canonical_alias), then persist the batch. Current state
 * is read once and advanced in memory as state events are accepted, so one batch can hold
 * state and messages mixed (an import) or thousands of messages (the bench's seeder), and
 * a single draft costs what it always did. All or nothing: a refused draft throws and the
 * caller's transaction rolls back. The caller holds the room lock and commits; nothing is
 * announced here.
 */
export async function appendEvents(lock: RoomLock, signer: EventSigner, drafts: readonly EventDraft[]): Promise<AppendedEvent[]> {
  const state = await readAuthState(lock, drafts);
  const head: RoomHead = { lastEventId: lock.lastEventId, lastDepth: lock.lastDepth };
  const built: BuiltEvent[] = [];
  for (const draft of drafts) {
    const event = buildEvent(draft, state, head, signer, lock.roomVersion, lock.roomId);
    authoriseEvent(event, state, lock.roomVersion);
    if (draft.type === 'm.room.canonical_alias' && draft.stateKey !== undefined) await checkCanonicalAlias(lock.tx, lock.roomId, draft.content, event.replaced?.pdu.content);
    if (draft.stateKey !== undefined) state.set(draft.type, draft.stateKey, { pdu: event.pdu, eventId: event.eventId });
    head.lastEventId = event.eventId;
    head.lastDepth = event.pdu.depth;
    built.push(event);
  }
  return persistEvents(lock, built);
}
