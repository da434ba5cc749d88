import type { AppendedEvent } from '../rooms/appendEvent.ts';
import type { MembershipChange, RoomEventChange, StateChange } from './StreamChange.ts';

/** The change an appended room event makes: a membership, another state event, or a timeline event. */
export function roomChangeOf(appended: AppendedEvent): RoomEventChange | StateChange | MembershipChange {
  const { pdu, eventId, stream } = appended;
  const base = { roomId: pdu.room_id, eventId, stream, sender: pdu.sender };
  if (pdu.state_key === undefined) return { kind: 'room_event', ...base, type: pdu.type };
  if (pdu.type === 'm.room.member') {
    const membership = typeof pdu.content.membership === 'string' ? pdu.content.membership : '';
    return { kind: 'membership', ...base, userId: pdu.state_key, membership };
  }
  return { kind: 'state', ...base, type: pdu.type, stateKey: pdu.state_key };
}
