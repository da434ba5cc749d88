import type { AppDeps } from '../deps.ts';
import { setPresence, type PresenceInput } from '../actions/setPresence.ts';
import type { PresenceState } from './effectivePresence.ts';

/** The longest a syncing user's stored times may lag behind: one write per user per minute at most. */
const REFRESH_MS = 60_000;
/** A device counts as syncing this long after its last /sync began (the longest long-poll, and some). */
const DEVICE_WINDOW_MS = 150_000;
/** Past this many remembered users, stale entries are swept (at most once per refresh interval). */
const PRUNE_AT = 10_000;

type PresenceDeps = Pick<AppDeps, 'database' | 'feed' | 'now' | 'config'>;

interface UserMemory {
  /** What each of the user's devices said in its last /sync, and when. */
  devices: Map<string, { state: PresenceState; ts: number }>;
  /** What this node last stored for the user, and when. */
  written: { state: PresenceState; ts: number } | null;
}

/**
 * Keeps presence writes off the hot path of /sync. Every /sync says the device is online (or
 * unavailable); the user's state is the most present of their devices syncing now (as Synapse
 * combines devices), so two clients syncing with different states do not flip it back and
 * forth. This node remembers what it last stored for each user and when, and writes again
 * only when the combined state differs or the stored times are about to go stale (well inside
 * the idle and offline timeouts). So a client long-polling all day costs one small write a
 * minute and wakes nobody: only a change of what room-mates see emits a change
 * (actions/setPresence.ts). Per node: another node's devices and writes are not seen here.
 */
export class PresenceTracker {
  private readonly users = new Map<string, UserMemory>();
  private sweptAt = 0;

  /** From /sync's `set_presence` (online by default): offline means "do not mark me online" and does nothing. */
  async touch(deps: PresenceDeps, userId: string, deviceId: string, state: PresenceState): Promise<void> {
    const cfg = deps.config.presence;
    if (!cfg.enabled || state === 'offline') return;
    const now = deps.now();
    let memory = this.users.get(userId);
    if (!memory) this.users.set(userId, (memory = { devices: new Map(), written: null }));
    memory.devices.set(deviceId, { state, ts: now });
    let combined: PresenceState = 'unavailable';
    for (const [device, d] of memory.devices) {
      if (now - d.ts > DEVICE_WINDOW_MS) memory.devices.delete(device);
      else if (d.state === 'online') combined = 'online';
    }
    const refresh = Math.min(REFRESH_MS, cfg.idleTimeoutMs / 2, cfg.offlineTimeoutMs / 2);
    const last = memory.written;
    if (last && last.state === combined && now - last.ts < refresh) return;
    await setPresence(deps, { userId, presence: combined });
    memory.written = { state: combined, ts: now };
    this.sweep(now);
  }

  /** From PUT /presence/{userId}/status: always written; the next /sync's touch compares with it. */
  async set(deps: PresenceDeps, input: PresenceInput): Promise<void> {
    if (!deps.config.presence.enabled) return;
    await setPresence(deps, input);
    const memory = this.users.get(input.userId);
    const written = { state: input.presence, ts: deps.now() };
    if (memory) memory.written = written;
    else this.users.set(input.userId, { devices: new Map(), written });
  }

  /** Forgets users no device of whom synced lately, so the map holds who syncs now, not everyone who ever did. */
  private sweep(now: number): void {
    if (this.users.size < PRUNE_AT || now - this.sweptAt < REFRESH_MS) return;
    this.sweptAt = now;
    for (const [userId, m] of this.users) {
      const active = [...m.devices.values()].some((d) => now - d.ts <= DEVICE_WINDOW_MS);
      if (!active) this.users.delete(userId);
    }
  }
}
