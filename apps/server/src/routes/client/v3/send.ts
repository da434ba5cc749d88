import { parseEventId } from '@parley/protocol';
import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { sendEvent } from '../../../actions/sendEvent.ts';
import { redactEvent } from '../../../actions/redactEvent.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { checkNoFloats } from '../../../http/floatSyntax.ts';

export function checkEventType(type: string): string {
  if (type.length === 0 || type.length > 255) throw new MatrixError('M_INVALID_PARAM', 'Invalid event type');
  return type;
}

export const sendMessage = defineEndpoint(contracts.sendMessage, {
  rateLimit: 'send',
  handler: async ({ deps, auth, params, body }) => {
    const roomId = parseRoomIdParam(params.roomId);
    const type = checkEventType(params.eventType);
    checkNoFloats(body);
    if (type === 'm.room.redaction') throw new MatrixError('M_INVALID_PARAM', 'Use the /redact endpoint to redact events');
    const eventId = await sendEvent(deps, auth, { roomId, type, content: body, txnId: params.txnId });
    return { event_id: eventId };
  },
});

export const redactEventEndpoint = defineEndpoint(contracts.redactEvent, {
  rateLimit: 'send',
  handler: async ({ deps, auth, params, body }) => {
    const roomId = parseRoomIdParam(params.roomId);
    if (!parseEventId(params.eventId)) throw new MatrixError('M_INVALID_PARAM', 'Invalid event ID');
    const eventId = await redactEvent(deps, auth, { roomId, targetEventId: params.eventId, txnId: params.txnId, ...(body.reason !== undefined ? { reason: body.reason } : {}) });
    return { event_id: eventId };
  },
});
