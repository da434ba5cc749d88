import { Type } from '@sinclair/typebox';
import { parseEventId } from '@parley/protocol';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { sendEvent } from '../../../actions/sendEvent.ts';
import { redactEvent } from '../../../actions/redactEvent.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';

const Content = Type.Record(Type.String(), Type.Unknown());

export function checkEventType(type: string): string {
  if (type.length === 0 || type.length > 255) throw new MatrixError('M_INVALID_PARAM', 'Invalid event type');
  return type;
}

export const sendMessage = defineEndpoint({
  operationId: 'sendMessage',
  method: 'PUT',
  path: '/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}',
  r0: true,
  auth: 'required',
  rateLimit: 'send',
  params: Type.Object({ roomId: Type.String(), eventType: Type.String(), txnId: Type.String({ minLength: 1, maxLength: 255 }) }),
  body: Content,
  handler: async ({ deps, auth, params, body }) => {
    const roomId = parseRoomIdParam(params.roomId);
    const type = checkEventType(params.eventType);
    if (type === 'm.room.redaction') throw new MatrixError('M_INVALID_PARAM', 'Use the /redact endpoint to redact events');
    const eventId = await sendEvent(deps, auth, { roomId, type, content: body, txnId: params.txnId });
    return { event_id: eventId };
  },
});

export const redactEventEndpoint = defineEndpoint({
  operationId: 'redactEvent',
  method: 'PUT',
  path: '/_matrix/client/v3/rooms/{roomId}/redact/{eventId}/{txnId}',
  r0: true,
  auth: 'required',
  rateLimit: 'send',
  params: Type.Object({ roomId: Type.String(), eventId: Type.String(), txnId: Type.String({ minLength: 1, maxLength: 255 }) }),
  body: Type.Object({ reason: Type.Optional(Type.String({ maxLength: 2048 })) }),
  handler: async ({ deps, auth, params, body }) => {
    const roomId = parseRoomIdParam(params.roomId);
    if (!parseEventId(params.eventId)) throw new MatrixError('M_INVALID_PARAM', 'Invalid event ID');
    const eventId = await redactEvent(deps, auth, { roomId, targetEventId: params.eventId, txnId: params.txnId, ...(body.reason !== undefined ? { reason: body.reason } : {}) });
    return { event_id: eventId };
  },
});
