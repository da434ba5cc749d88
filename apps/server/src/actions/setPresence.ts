import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { effectivePresence, type PresenceState } from '../presence/effectivePresence.ts';
import { findPresence, upsertPresence } from '../storage/repos/presence.ts';

export interface PresenceInput {
  userId: string;
  presence: PresenceState;
  /** undefined keeps the stored message; null clears it. */
  statusMsg?: string | null;
}

/**
 * Stores a user's presence. Online counts as activity (last active now); anything but offline
 * counts as being seen. Room-mates hear of it (a `presence` change at a new stream position)
 * only when what they would see changes: the effective state (so coming back after the idle
 * or offline timeout is news) or the status message. Otherwise only the times are updated,
 * with no stream position and nobody woken. Returns whether a change was emitted.
 */
export async function setPresence(deps: Pick<AppDeps, 'database' | 'feed' | 'now' | 'config'>, input: PresenceInput): Promise<boolean> {
  return commitChanges(deps, async (tx, feed) => {
    const now = deps.now();
    const row = await findPresence(tx, input.userId);
    const before = row ? effectivePresence(row, now, deps.config.presence) : 'offline';
    const previousMsg = row?.status_msg ?? null;
    const statusMsg = input.statusMsg === undefined ? previousMsg : input.statusMsg;
    const next = {
      user_id: input.userId,
      presence: input.presence,
      status_msg: statusMsg,
      last_active_ts: input.presence === 'online' ? now : (row?.last_active_ts ?? now),
      last_seen_ts: input.presence === 'offline' ? (row?.last_seen_ts ?? now) : now,
    };
    const changed = before !== effectivePresence(next, now, deps.config.presence) || statusMsg !== previousMsg;
    const stream = changed ? await feed.position() : (row?.stream ?? 0);
    await upsertPresence(tx, { ...next, stream });
    if (changed) feed.emit({ kind: 'presence', userId: input.userId });
    return changed;
  });
}
