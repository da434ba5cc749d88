import type { AuthStateLookup } from './authTypes.ts';
import type { Pdu } from './pdu.ts';

/** Builds an {@link AuthStateLookup} from state events (later events win). Non-state events are ignored. */
export function authStateFromEvents(events: Iterable<Pdu>): AuthStateLookup {
  const map = new Map<string, Pdu>();
  for (const e of events) if (typeof e.state_key === 'string') map.set(JSON.stringify([e.type, e.state_key]), e);
  return (type, stateKey) => map.get(JSON.stringify([type, stateKey]));
}
