import type { PresenceRow } from '../storage/repos/presence.ts';

export type PresenceState = 'online' | 'unavailable' | 'offline';

export const PRESENCE_STATES: readonly PresenceState[] = ['online', 'unavailable', 'offline'];

/** `presence.idle_timeout_ms` and `presence.offline_timeout_ms`. */
export interface PresenceTimeouts {
  idleTimeoutMs: number;
  offlineTimeoutMs: number;
}

/** The content of an m.presence event, and of GET /presence/{userId}/status. */
export interface PresenceContent {
  presence: PresenceState;
  last_active_ago?: number;
  currently_active?: boolean;
  status_msg?: string | null;
}

/**
 * A user's presence as others see it now, from what was stored: nothing runs per user when
 * time passes, the state is computed on read. Stored `offline`, or not seen (no /sync, no PUT)
 * for `offlineTimeoutMs`, is offline; stored `online` but not active for `idleTimeoutMs` is
 * unavailable; otherwise the stored state.
 */
export function effectivePresence(row: Pick<PresenceRow, 'presence' | 'last_active_ts' | 'last_seen_ts'>, now: number, t: PresenceTimeouts): PresenceState {
  if (row.presence === 'offline') return 'offline';
  if (now - row.last_seen_ts > t.offlineTimeoutMs) return 'offline';
  if (row.presence === 'online' && now - row.last_active_ts > t.idleTimeoutMs) return 'unavailable';
  return row.presence === 'online' ? 'online' : 'unavailable';
}

/** The wire content for a stored row (`status_msg` only when set). */
export function presenceContent(row: PresenceRow, now: number, t: PresenceTimeouts): PresenceContent {
  const presence = effectivePresence(row, now, t);
  return {
    presence,
    last_active_ago: Math.max(0, now - row.last_active_ts),
    currently_active: presence === 'online',
    ...(row.status_msg !== null ? { status_msg: row.status_msg } : {}),
  };
}
