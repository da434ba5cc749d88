import type { Pdu } from '@parley/protocol';

/** One current state event as the append steps see it. */
export interface StateEntry {
  pdu: Pdu;
  eventId: string;
}

/**
 * The part of a room's current state that a batch of drafts needs (their auth events and
 * the state they replace), keyed by type and state key. The append steps read it once per
 * batch (readAuthState) and advance it in memory as each state event is accepted, so a
 * later draft in the same batch is built and authorised against the state before it.
 */
export class RoomStateView {
  private readonly entries = new Map<string, StateEntry>();

  get(type: string, stateKey: string): StateEntry | undefined {
    return this.entries.get(keyOf(type, stateKey));
  }

  set(type: string, stateKey: string, entry: StateEntry): void {
    this.entries.set(keyOf(type, stateKey), entry);
  }

  /** The PDU in force for (type, stateKey): the lookup the auth rules take. */
  readonly lookup = (type: string, stateKey: string): Pdu | undefined => this.get(type, stateKey)?.pdu;
}

function keyOf(type: string, stateKey: string): string {
  return `${type}\u0000${stateKey}`;
}
