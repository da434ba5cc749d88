import { authEventTypes } from './authEventTypes.ts';
import { ALLOW, reject, type AuthResult } from './authTypes.ts';
import { EventTypes } from './events.ts';
import type { Pdu } from './pdu.ts';

/** An auth event as seen by rule 2: its type, state key, room, and whether it was itself rejected. */
export interface AuthEventEntry {
  type: string;
  state_key?: string;
  room_id: string;
  rejected?: boolean;
}

/**
 * Rule 2 of the room version 10/11 authorisation rules: checks the events
 * referenced by `event.auth_events` (already fetched by the caller).
 * Not applied to m.room.create events (rule 1 allows or rejects them first).
 */
export function checkAuthEvents(event: Pick<Pdu, 'type' | 'sender' | 'state_key' | 'content' | 'room_id'>, authEvents: readonly AuthEventEntry[]): AuthResult {
  const allowed = new Set(authEventTypes(event).map(([t, k]) => JSON.stringify([t, k])));
  const seen = new Set<string>();
  let hasCreate = false;
  for (const e of authEvents) {
    const key = JSON.stringify([e.type, e.state_key ?? null]);
    if (seen.has(key)) return reject('2.1', `duplicate auth event ${e.type}/${String(e.state_key)}`);
    seen.add(key);
    if (!allowed.has(key)) return reject('2.2', `auth event ${e.type}/${String(e.state_key)} is not in the auth events selection`);
    if (e.rejected === true) return reject('2.3', `auth event ${e.type}/${String(e.state_key)} was rejected`);
    if (e.type === EventTypes.Create) hasCreate = true;
  }
  if (!hasCreate) return reject('2.4', 'no m.room.create event among the auth events');
  for (const e of authEvents) {
    if (e.room_id !== event.room_id) return reject('2.5', `auth event ${e.type} belongs to room ${e.room_id}`);
  }
  return ALLOW;
}
