import { sleep } from '../core/sleep.ts';
import { sourceAddress } from '../core/sourceAddress.ts';
import { LongPollSocket } from './LongPollSocket.ts';
import type { MatrixApi, Session } from './MatrixApi.ts';
import type { ChatClient, ClientHealth, OnBody } from './Target.ts';

/**
 * Sync filter: timeline only (members lazy-loaded), no presence, account data or ephemeral
 * events. A gap (limited timeline, > 500 events in a room between two syncs) counts as loss.
 */
export const SYNC_FILTER = JSON.stringify({
  presence: { not_types: ['*'] },
  account_data: { not_types: ['*'] },
  room: { state: { lazy_load_members: true }, timeline: { limit: 500 }, ephemeral: { not_types: ['*'] }, account_data: { not_types: ['*'] } },
});
const INITIAL_FILTER = JSON.stringify({
  presence: { not_types: ['*'] },
  account_data: { not_types: ['*'] },
  room: { state: { lazy_load_members: true }, timeline: { limit: 1 }, ephemeral: { not_types: ['*'] }, account_data: { not_types: ['*'] } },
});

/** `/sync?filter=…&timeout=…`, built once per (filter, timeout) and shared by every client. */
const syncPaths = new Map<string, string>();
function syncPath(filter: string, timeout: number): string {
  const key = `${timeout}:${filter}`;
  let p = syncPaths.get(key);
  if (!p) syncPaths.set(key, (p = `/_matrix/client/v3/sync?filter=${encodeURIComponent(filter)}&timeout=${timeout}`));
  return p;
}

const NEXT_BATCH = /"next_batch"\s*:\s*"([^"\\]*)"/;

interface SyncBody {
  next_batch?: string;
  rooms?: { join?: Record<string, { timeline?: { events?: { type?: string; content?: { body?: unknown } }[] } }> };
}

/** Wait before retry n (0-based) of a failing or non-blocking /sync: 250 ms doubling to 30 s, with jitter. */
const backoffMs = (n: number): number => Math.min(30_000, 250 * 2 ** Math.min(n, 7)) * (0.5 + Math.random() / 2);

/**
 * One Matrix user: a /sync long-poll on its own keep-alive connection (from its own source
 * address), sends through the shared pool. A response is parsed only when it holds an
 * m.room.message; otherwise only next_batch is read from it, so an idle user costs the
 * driver one small string scan every 30 s. Failed syncs and long-polls the server answers
 * early with nothing new are retried after a growing backoff, never in a tight loop.
 */
export class MatrixClient implements ChatClient {
  private sync?: LongPollSocket;
  private since = '';
  private closed = false;
  private txn = 0;
  syncErrors = 0;
  syncs = 0;

  constructor(
    private readonly apiOf: () => MatrixApi,
    private readonly session: () => Session,
    private readonly roomIds: () => string[],
    private readonly user: number,
    private readonly onBody: OnBody,
    private readonly timeoutMs = 30_000,
  ) {}

  private async syncOnce(filter: string, timeout: number): Promise<void> {
    const path = this.since ? `${syncPath(filter, timeout)}&since=${encodeURIComponent(this.since)}` : syncPath(filter, timeout);
    const res = await this.sync!.get(path, `authorization: Bearer ${this.session().accessToken}\r\n`);
    if (res.status !== 200) throw new Error(`sync ${res.status}: ${res.body.slice(0, 200)}`);
    this.syncs++;
    const text = res.body;
    if (!text.includes('"m.room.message"')) {
      const m = NEXT_BATCH.exec(text);
      const next = m ? m[1] : (JSON.parse(text) as SyncBody).next_batch;
      if (next) this.since = next;
      return;
    }
    const body = JSON.parse(text) as SyncBody;
    if (body.next_batch) this.since = body.next_batch;
    const join = body.rooms?.join;
    if (!join) return;
    for (const roomId in join) {
      const events = join[roomId]?.timeline?.events;
      if (!events) continue;
      for (const ev of events) if (ev.type === 'm.room.message' && typeof ev.content?.body === 'string') this.onBody(this.user, ev.content.body);
    }
  }

  async connect(): Promise<void> {
    const origin = new URL(this.apiOf().origin);
    this.sync?.close();
    this.closed = false;
    this.since = '';
    this.sync = new LongPollSocket(origin.hostname, Number(origin.port), sourceAddress(this.user), this.timeoutMs + 60_000);
    await this.syncOnce(INITIAL_FILTER, 0);
    void this.loop();
  }

  private async loop(): Promise<void> {
    let failures = 0;
    let early = 0;
    while (!this.closed) {
      const t0 = performance.now();
      const before = this.since;
      try {
        await this.syncOnce(SYNC_FILTER, this.timeoutMs);
        failures = 0;
        // Back from a long-poll early with nothing new, three times running: the server is
        // not holding it, so wait instead of spinning.
        if (this.since === before && performance.now() - t0 < this.timeoutMs / 2) {
          if (++early >= 3) await sleep(backoffMs(early - 3));
        } else early = 0;
      } catch {
        if (this.closed) return;
        this.syncErrors++;
        await sleep(backoffMs(failures++));
      }
    }
  }

  /** Rooms are joined over HTTP during the target's prepare step. */
  async join(): Promise<void> {}

  send(room: number, body: string, onError: (e: Error) => void): void {
    const roomId = this.roomIds()[room]!;
    const txn = `b${Date.now().toString(36)}.${this.txn++}`;
    this.apiOf()
      .call('PUT', `/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${txn}`, this.session().accessToken, { msgtype: 'm.text', body })
      .then(([status, json]) => {
        if (status !== 200) onError(new Error(`send ${status} ${JSON.stringify(json).slice(0, 200)}`));
      }, onError);
  }

  close(): void {
    this.closed = true;
    this.sync?.close();
  }

  health(): ClientHealth {
    return { disconnects: this.sync?.reconnects ?? 0, syncErrors: this.syncErrors, syncs: this.syncs };
  }
}
