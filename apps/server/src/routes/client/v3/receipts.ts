import { parseEventId } from '@parley/protocol';
import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { parseRoomIdParam } from '../../../access/parseRoomIdParam.ts';
import { setReadMarkers } from '../../../actions/setReadMarkers.ts';

const RECEIPT_TYPES = ['m.read', 'm.read.private', 'm.fully_read'] as const;

function checkEventIdParam(value: string, field: string): string {
  if (!parseEventId(value)) throw new MatrixError('M_INVALID_PARAM', `${field} is not a valid event ID`);
  return value;
}

/** `main` or a thread root's event ID. */
function checkThreadId(value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) throw new MatrixError('M_INVALID_PARAM', 'thread_id field must be a non-empty string');
  if (value !== 'main' && !parseEventId(value)) throw new MatrixError('M_INVALID_PARAM', 'thread_id must be "main" or an event ID');
  return value;
}

export const postReceipt = defineEndpoint(contracts.postReceipt, {
  handler: async ({ deps, auth, params, body }) => {
    const roomId = parseRoomIdParam(params.roomId);
    const type = params.receiptType;
    if (!(RECEIPT_TYPES as readonly string[]).includes(type)) throw new MatrixError('M_INVALID_PARAM', `Unsupported receipt type ${JSON.stringify(type)}`);
    const eventId = checkEventIdParam(params.eventId, 'eventId');
    const threadId = body.thread_id !== undefined ? checkThreadId(body.thread_id) : undefined;
    if (threadId !== undefined && type === 'm.fully_read') throw new MatrixError('M_INVALID_PARAM', 'thread_id is not allowed for m.fully_read');
    await setReadMarkers(deps, auth, {
      roomId,
      ...(type === 'm.fully_read' ? { fullyRead: eventId } : type === 'm.read' ? { read: eventId } : { readPrivate: eventId }),
      ...(threadId !== undefined ? { threadId } : {}),
    });
    return {};
  },
});

export const setReadMarker = defineEndpoint(contracts.setReadMarker, {
  handler: async ({ deps, auth, params, body }) => {
    const roomId = parseRoomIdParam(params.roomId);
    const fullyRead = body['m.fully_read'],
      read = body['m.read'],
      readPrivate = body['m.read.private'];
    await setReadMarkers(deps, auth, {
      roomId,
      ...(fullyRead !== undefined ? { fullyRead: checkEventIdParam(fullyRead, 'm.fully_read') } : {}),
      ...(read !== undefined ? { read: checkEventIdParam(read, 'm.read') } : {}),
      ...(readPrivate !== undefined ? { readPrivate: checkEventIdParam(readPrivate, 'm.read.private') } : {}),
    });
    return {};
  },
});
