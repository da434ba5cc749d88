import { actionPowerLevel, userPowerLevel, type EventId, type RoomId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import type { Principal } from '../identity/Principal.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { findCurrentStateEvent, findEvent, parsePdu } from '../storage/repos/events.ts';
import { findMembership } from '../storage/repos/memberships.ts';
import { Visibility } from '../sync/Visibility.ts';
import { sendEvent } from './sendEvent.ts';

export interface RedactInput {
  roomId: RoomId;
  targetEventId: string;
  txnId: string;
  reason?: string;
}

/**
 * Redacts an event: anyone may redact their own events; others need the room's
 * redact power level (the auth rules only compare servers, so this check lives here).
 * A member naming an event that is not in this room, does not exist or is hidden from
 * them by history visibility gets the same 404, so the endpoint reveals no event.
 */
export async function redactEvent(deps: AppDeps, auth: Principal, input: RedactInput): Promise<EventId> {
  const db = deps.database.db;
  // Outsiders skip these checks: the send below refuses them without revealing the room or the event.
  const joined = (await findMembership(db, input.roomId, auth.userId))?.membership === 'join';
  if (joined) {
    const target = await findEvent(db, input.targetEventId);
    const visible = target !== undefined && target.room_id === input.roomId && (await Visibility.load(db, auth.userId, [input.roomId])).canSee(target);
    if (!target || !visible) throw new MatrixError('M_NOT_FOUND', 'Event not found');
    if (target.sender !== auth.userId) {
      const pl = await findCurrentStateEvent(db, input.roomId, 'm.room.power_levels', '');
      const create = await findCurrentStateEvent(db, input.roomId, 'm.room.create', '');
      const plContent = pl ? parsePdu(pl).content : undefined;
      const level = userPowerLevel(auth.userId, plContent, create ? parsePdu(create) : undefined);
      if (level < actionPowerLevel('redact', plContent)) throw new MatrixError('M_FORBIDDEN', "You don't have permission to redact other users' events");
    }
  }
  return sendEvent(deps, auth, {
    roomId: input.roomId,
    type: 'm.room.redaction',
    content: input.reason !== undefined ? { reason: input.reason } : {},
    txnId: input.txnId,
    redacts: input.targetEventId,
  });
}
