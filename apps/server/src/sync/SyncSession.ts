import type { AppDeps } from '../deps.ts';
import type { Principal } from '../identity/Principal.ts';
import { acknowledgeToDevice } from './acknowledgeToDevice.ts';
import { buildSync } from './buildSync.ts';
import type { SyncFilterJson } from './EventFilter.ts';
import { loadSyncFilterById } from './loadFilter.ts';
import type { Waiter } from './Notifier.ts';
import { isEmptySync, type SyncResponse } from './SyncResponse.ts';
import { parseSyncToken, type SyncToken } from './syncToken.ts';

/** At most this long a /sync waits for push evaluation of the events that woke it (PushEvaluator.settled). */
const PUSH_SETTLE_MS = 100;

/** The longest a client may ask a sync to wait. */
export const MAX_SYNC_TIMEOUT_MS = 120_000;

export type SyncDeps = Pick<AppDeps, 'database' | 'notifier' | 'typing' | 'syncCache' | 'now' | 'config' | 'feed' | 'presence' | 'push'>;

/**
 * The subset of AbortSignal a session listens to: the client went away. An AbortSignal is
 * one; the long-poll route passes a lighter one over the response's close event.
 */
export interface ClientGoneSignal {
  readonly aborted: boolean;
  addEventListener(type: 'abort', listener: () => void): void;
  removeEventListener(type: 'abort', listener: () => void): void;
}

export interface SyncOptions {
  /** The client's since token (`s<position>` or `s<position>_<toDevice>`); absent for an initial sync. */
  since?: string;
  /** A filter ID of the user's, or an inline filter (JSON starting with `{`). */
  filter?: string;
  /** Send every joined room's full state in the first response (later ones continue incrementally). */
  fullState?: boolean;
  /** How long each response may wait for something to say, clamped to MAX_SYNC_TIMEOUT_MS. */
  timeoutMs?: number;
  /** What the sync says of the user's presence: online by default; offline leaves it as it is. */
  setPresence?: 'offline' | 'online' | 'unavailable';
  useStateAfter?: boolean;
  /** Aborts a wait when the client goes away; the session then ends. */
  signal?: ClientGoneSignal;
}

/**
 * Opens a sync session for a device: resolves the filter and the since token (the errors a
 * client gets for bad ones come from here), then hands out responses. Each `next()` is one
 * long-poll: it waits up to the timeout for something to say and yields the response; the
 * next one continues from that response's next_batch, so a streaming transport iterates the
 * session and the long-poll route takes the first response. The session ends when the signal aborts.
 */
export async function openSync(deps: SyncDeps, principal: Pick<Principal, 'userId' | 'deviceId'>, options: SyncOptions = {}): Promise<SyncSession> {
  const since = options.since !== undefined ? parseSyncToken(options.since, 'since') : null;
  let filter: SyncFilterJson = {};
  const raw = options.filter;
  if (raw !== undefined) {
    const filters = deps.syncCache.filters;
    filter = raw.trimStart().startsWith('{') ? filters.inline(raw) : await filters.stored(principal.userId, raw, () => loadSyncFilterById(deps.database.db, principal.userId, raw));
  }
  // Before the first response, so the user's own change (offline -> online) is in it, not a reason to wake.
  await deps.presence.touch(deps, principal.userId, principal.deviceId, options.setPresence ?? 'online');
  return new SyncSession(deps, principal, options, filter, since);
}

export class SyncSession implements AsyncIterableIterator<SyncResponse> {
  private since: number | null;
  /** The since token's to-device part: the last to-device message delivered, when it delivered only part of the queue. */
  private sinceToDevice: number | null;
  /** The response handed out last: the next one continues from its next_batch. */
  private previous: SyncResponse | undefined;
  private readonly timeoutMs: number;

  constructor(
    private readonly deps: SyncDeps,
    private readonly principal: Pick<Principal, 'userId' | 'deviceId'>,
    private readonly options: SyncOptions,
    private readonly filter: SyncFilterJson,
    since: SyncToken | null,
  ) {
    // A token from the future (another node ahead of this one, or a restored database) reads as now.
    this.since = since === null ? null : Math.min(since.position, deps.notifier.currentPosition);
    this.sinceToDevice = since?.toDevice ?? null;
    this.timeoutMs = Math.min(options.timeoutMs ?? 0, MAX_SYNC_TIMEOUT_MS);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<IteratorResult<SyncResponse, undefined>> {
    if (this.options.signal?.aborted) return { done: true, value: undefined };
    if (this.previous) {
      const token = parseSyncToken(this.previous.next_batch, 'since');
      this.since = token.position;
      this.sinceToDevice = token.toDevice;
    }
    this.previous = await this.poll();
    return { done: false, value: this.previous };
  }

  async return(): Promise<IteratorResult<SyncResponse, undefined>> {
    return { done: true, value: undefined };
  }

  /**
   * One long-poll. Listens before reading, so a commit between the read and the wait still
   * wakes it; waits without building while the notifier says nothing named the user since
   * `since`; builds, and waits again while the response is empty, until the deadline or the
   * client goes away (then answers what it has).
   */
  private async poll(): Promise<SyncResponse> {
    const { deps, since } = this;
    const userId = this.principal.userId;
    const notifier = deps.notifier;
    // A token that delivered part of the to-device queue: the rest is waiting, so never wait before building.
    const toDeviceWaiting = this.sinceToDevice !== null;
    const deadline = deps.now() + this.timeoutMs;
    const signal = this.options.signal;
    let gone = false;
    let current: Waiter | undefined;
    const onGone = (): void => {
      gone = true;
      current?.cancel();
    };
    signal?.addEventListener('abort', onGone);
    try {
      for (;;) {
        current = notifier.wait(userId, Math.max(0, deadline - deps.now()));
        if (since !== null && !toDeviceWaiting && !notifier.mayHaveNewFor(userId, since) && deps.now() < deadline && !gone) {
          // Nothing named this user since `since`: wait before building anything.
          await current.promise;
          if (!gone && deps.now() < deadline) continue;
          current = notifier.wait(userId, 0);
        }
        // Let push evaluation of what woke us finish (bounded), so the counts travel with the events.
        await deps.push.settled(PUSH_SETTLE_MS);
        const response = await this.build(notifier.currentPosition);
        if (since === null || !isEmptySync(response) || deps.now() >= deadline || gone) {
          current.cancel();
          return response;
        }
        await current.promise;
        if (gone) return response;
      }
    } finally {
      signal?.removeEventListener('abort', onGone);
    }
  }

  /** Acknowledges the to-device messages the since token delivered (GET /sync's one write), then builds the response for (since, upTo]. */
  private async build(upTo: number): Promise<SyncResponse> {
    const { deps, since } = this;
    const { userId, deviceId } = this.principal;
    const db = deps.database.db;
    const sinceToken = since === null ? null : { position: since, toDevice: this.sinceToDevice };
    const toDevice = await acknowledgeToDevice(db, { userId, deviceId }, sinceToken, upTo, deps.syncCache);
    return buildSync(db, {
      userId,
      deviceId,
      since: sinceToken,
      upTo,
      fullState: this.options.fullState === true && this.previous === undefined,
      useStateAfter: this.options.useStateAfter === true,
      filter: this.filter,
      now: deps.now(),
      typing: deps.typing,
      cache: deps.syncCache,
      presence: deps.config.presence.enabled ? deps.config.presence : null,
      mayHaveChanged: since === null ? undefined : (kind) => deps.notifier.mayHaveChanged(userId, since, kind),
      toDevice,
    });
  }
}
