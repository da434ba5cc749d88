import { parseRoomId, type RoomId } from '@parley/protocol';
import { MatrixError } from '../errors/MatrixError.ts';

/** A room ID from a path parameter, or M_INVALID_PARAM. */
export function parseRoomIdParam(value: string): RoomId {
  const id = parseRoomId(value);
  if (!id) throw new MatrixError('M_INVALID_PARAM', 'Invalid room ID');
  return id;
}
