import type { RoomId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import type { Principal } from '../identity/Principal.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { findMembership } from '../storage/repos/memberships.ts';
import { announceTyping } from './announceTyping.ts';

/** Default length of a typing notification when the client gives no timeout. */
const DEFAULT_TYPING_TIMEOUT_MS = 30_000;

/** Starts or stops the caller's typing notification in a room they have joined. */
export async function setTyping(deps: AppDeps, auth: Principal, roomId: RoomId, typing: boolean, timeoutMs: number | undefined): Promise<void> {
  const m = await findMembership(deps.database.db, roomId, auth.userId);
  if (m?.membership !== 'join') throw new MatrixError('M_FORBIDDEN', 'You are not in this room');
  const changed = deps.typing.set(roomId, auth.userId, typing, timeoutMs ?? DEFAULT_TYPING_TIMEOUT_MS);
  if (changed) await announceTyping(deps, [roomId]);
}
