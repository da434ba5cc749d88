import { Client } from 'undici';
import type { MatrixApi, Session } from './MatrixApi.ts';
import type { ChatClient, OnBody } from './Target.ts';

/** Sync filter: timeline only, no presence or account data. A gap (limited timeline, > 500 events in a room between two syncs) counts as loss. */
export const SYNC_FILTER = JSON.stringify({
  presence: { not_types: ['*'] },
  account_data: { not_types: ['*'] },
  room: { timeline: { limit: 500 }, ephemeral: { not_types: ['*'] }, account_data: { not_types: ['*'] } },
});
const INITIAL_FILTER = JSON.stringify({
  presence: { not_types: ['*'] },
  account_data: { not_types: ['*'] },
  room: { timeline: { limit: 1 }, ephemeral: { not_types: ['*'] }, account_data: { not_types: ['*'] } },
});

interface SyncBody {
  next_batch?: string;
  rooms?: { join?: Record<string, { timeline?: { events?: { type?: string; sender?: string; content?: { body?: unknown } }[] } }> };
}

/**
 * One Matrix user: /sync long-poll on its own keep-alive connection, sends through the
 * shared pool. Bodies of m.room.message events in sync timelines go to onBody.
 */
export class MatrixClient implements ChatClient {
  private sync?: Client;
  private since = '';
  private closed = false;
  private txn = 0;
  syncErrors = 0;

  constructor(
    private readonly apiOf: () => MatrixApi,
    private readonly session: () => Session,
    private readonly roomIds: () => string[],
    private readonly user: number,
    private readonly onBody: OnBody,
    private readonly timeoutMs = 30_000,
  ) {}

  private async syncOnce(filter: string, timeout: number): Promise<SyncBody> {
    const q = new URLSearchParams({ filter, timeout: String(timeout) });
    if (this.since) q.set('since', this.since);
    const res = await this.sync!.request({ method: 'GET', path: `/_matrix/client/v3/sync?${q}`, headers: { authorization: `Bearer ${this.session().accessToken}` } });
    const text = await res.body.text();
    if (res.statusCode !== 200) throw new Error(`sync ${res.statusCode}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as SyncBody;
  }

  async connect(): Promise<void> {
    this.sync = new Client(this.apiOf().origin, {
      pipelining: 1,
      keepAliveTimeout: 600_000,
      keepAliveMaxTimeout: 600_000,
      headersTimeout: this.timeoutMs + 60_000,
      bodyTimeout: this.timeoutMs + 60_000,
    });
    const first = await this.syncOnce(INITIAL_FILTER, 0);
    this.since = first.next_batch ?? '';
    void this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.closed) {
      try {
        const body = await this.syncOnce(SYNC_FILTER, this.timeoutMs);
        if (body.next_batch) this.since = body.next_batch;
        const join = body.rooms?.join;
        if (join) {
          for (const roomId in join) {
            const events = join[roomId]?.timeline?.events;
            if (!events) continue;
            for (const ev of events) if (ev.type === 'm.room.message' && typeof ev.content?.body === 'string') this.onBody(this.user, ev.content.body);
          }
        }
      } catch {
        if (this.closed) return;
        this.syncErrors++;
        await new Promise((r) => setTimeout(r, 100));
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
    void this.sync?.destroy().catch(() => undefined);
  }
}
