import type { AppDeps } from '../deps.ts';
import { setPresence, type PresenceInput } from '../actions/setPresence.ts';
import type { PresenceState } from './effectivePresence.ts';

/** The longest a syncing user's stored times may lag behind: one write per user per minute at most. */
const REFRESH_MS = 60_000;

type PresenceDeps = Pick<AppDeps, 'database' | 'feed' | 'now' | 'config'>;

/**
 * Keeps presence writes off the hot path of /sync. Every /sync says the user is online (or
 * unavailable); this node remembers what it last stored for each user and when, and writes
 * again only when the state differs or the stored times are about to go stale (well inside
 * the idle and offline timeouts). So a client long-polling all day costs one small write a
 * minute and wakes nobody: only a change of what room-mates see emits a change
 * (actions/setPresence.ts). Per node: another node's writes are seen when this one's memory
 * of them lapses.
 */
export class PresenceTracker {
  private readonly written = new Map<string, { state: PresenceState; ts: number }>();

  /** From /sync's `set_presence` (online by default): offline means "do not mark me online" and does nothing. */
  async touch(deps: PresenceDeps, userId: string, state: PresenceState): Promise<void> {
    const cfg = deps.config.presence;
    if (!cfg.enabled || state === 'offline') return;
    const now = deps.now();
    const last = this.written.get(userId);
    const refresh = Math.min(REFRESH_MS, cfg.idleTimeoutMs / 2, cfg.offlineTimeoutMs / 2);
    if (last && last.state === state && now - last.ts < refresh) return;
    await setPresence(deps, { userId, presence: state });
    this.written.set(userId, { state, ts: now });
  }

  /** From PUT /presence/{userId}/status: always written; the next /sync's touch compares with it. */
  async set(deps: PresenceDeps, input: PresenceInput): Promise<void> {
    if (!deps.config.presence.enabled) return;
    await setPresence(deps, input);
    this.written.set(input.userId, { state: input.presence, ts: deps.now() });
  }
}
