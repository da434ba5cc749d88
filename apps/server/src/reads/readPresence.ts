import type { AppDeps } from '../deps.ts';
import { forbidden } from '../errors/MatrixError.ts';
import { presenceContent, type PresenceContent } from '../presence/effectivePresence.ts';
import { findPresence, sharesJoinedRoom } from '../storage/repos/presence.ts';
import type { Viewer } from './Viewer.ts';

/**
 * GET /presence/{userId}/status: a user's presence, for themselves and for anyone who shares
 * a joined room with them; anyone else (an unknown user included) is 403 M_FORBIDDEN, so the
 * answer does not tell whether the user exists. With presence off, or for a user who never
 * synced, it is offline (as Synapse answers).
 */
export async function readPresence(deps: Pick<AppDeps, 'database' | 'config' | 'now'>, viewer: Viewer, userId: string): Promise<PresenceContent> {
  const db = deps.database.db;
  if (viewer.userId !== userId && !(await sharesJoinedRoom(db, viewer.userId, userId))) throw forbidden('You are not allowed to see their presence');
  if (!deps.config.presence.enabled) return { presence: 'offline' };
  const row = await findPresence(db, userId);
  return row ? presenceContent(row, deps.now(), deps.config.presence) : { presence: 'offline' };
}
