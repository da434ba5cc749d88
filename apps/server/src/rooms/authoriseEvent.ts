import { checkEventAuth, type RoomVersion } from '@parley/protocol/node';
import { MatrixError } from '../errors/MatrixError.ts';
import type { BuiltEvent } from './buildEvent.ts';
import type { RoomStateView } from './RoomStateView.ts';
import { ROOM_WRITE_REFUSED } from './writeToRoom.ts';

/**
 * Checks a built event against the room's auth rules over `state` (the state before it).
 * A refusal is M_FORBIDDEN; a sender who is not joined learns nothing about the room from
 * it, not even that it exists.
 */
export function authoriseEvent(built: BuiltEvent, state: RoomStateView, roomVersion: RoomVersion): void {
  const verdict = checkEventAuth(built.pdu, state.lookup, roomVersion);
  if (verdict.ok) return;
  const senderMembership = state.get('m.room.member', built.pdu.sender)?.pdu.content.membership;
  throw new MatrixError('M_FORBIDDEN', senderMembership === 'join' ? verdict.reason : ROOM_WRITE_REFUSED);
}
