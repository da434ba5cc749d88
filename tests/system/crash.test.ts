import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { DATABASES, createScratchPostgres, type ScratchDatabase } from '../support/testDatabases.ts';
import { startChildServer, type ChildServer } from '../support/childServer.ts';
import { Api, registerUser, type TestUser } from '../support/client.ts';
import { createRoom, join as joinRoom, r } from '../support/factories.ts';

const CLIENTS = 6;
const KILLS = 3;
/** Acknowledged sends per round before the kill; the kill lands while the other clients have sends in flight. */
const ACKS_BEFORE_KILL = [25, 40, 15];

interface Attempt {
  client: number;
  roomId: string;
  txnId: string;
  body: string;
  /** The event ID from a 200, or undefined when no answer came (the server died first). */
  acked?: string;
}

/** Every message event of a room, oldest first, paging backwards until the start. */
async function allMessages(api: Api, roomId: string): Promise<Array<{ event_id: string; content: { body?: string } }>> {
  const out: Array<{ event_id: string; content: { body?: string } }> = [];
  let from: string | undefined;
  for (;;) {
    const page = await api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=500${from ? `&from=${encodeURIComponent(from)}` : ''}`);
    assert.equal(page.status, 200, JSON.stringify(page.body));
    for (const e of page.body.chunk) if (e.type === 'm.room.message') out.unshift(e);
    if (!page.body.end || page.body.chunk.length === 0) return out;
    from = page.body.end;
  }
}

for (const kind of DATABASES) {
  describe(`crash safety under SIGKILL [${kind}]`, () => {
    let dataDir: string;
    let scratch: ScratchDatabase | undefined;
    let server: ChildServer | undefined;
    let users: TestUser[] = [];
    const rooms: string[] = [];
    const attempts: Attempt[] = [];
    let kills = 0;

    async function start(): Promise<ChildServer> {
      const s = await startChildServer({ dataDir, ...(scratch ? { databaseUrl: scratch.url } : {}) });
      // Same tokens, new port.
      users = users.map((u) => ({ ...u, api: new Api(s.url, u.accessToken) }));
      return s;
    }

    /** Each client sends one message at a time with its own txnIds until the server dies under it. */
    async function storm(s: ChildServer, round: number): Promise<void> {
      let acks = 0;
      let killing: Promise<string> | undefined;
      const client = async (i: number): Promise<void> => {
        for (let n = 0; ; n++) {
          const roomId = rooms[i % rooms.length]!;
          const a: Attempt = { client: i, roomId, txnId: `r${round}c${i}n${n}`, body: `round ${round} client ${i} message ${n}` };
          attempts.push(a);
          let res;
          try {
            res = await users[i]!.api.put(`/rooms/${r(roomId)}/send/m.room.message/${a.txnId}`, { msgtype: 'm.text', body: a.body });
          } catch {
            return; // connection refused or reset: the server is gone
          }
          if (res.status !== 200) {
            // Stop the storm (kill the server so the other clients end too), then fail.
            killing ??= s.kill('SIGKILL');
            throw new Error(`send ${a.txnId} answered ${res.status} ${JSON.stringify(res.body)}`);
          }
          a.acked = res.body.event_id;
          acks += 1;
          if (acks >= ACKS_BEFORE_KILL[round]! && !killing) {
            kills += 1;
            killing = s.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: CLIENTS }, (_, i) => client(i)));
      assert.equal(await killing, 'SIGKILL');
    }

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'parley-crash-'));
      if (kind === 'postgres') scratch = await createScratchPostgres();
      server = await start();
      const owner = await registerUser(server.url);
      for (let i = 0; i < CLIENTS; i++) users.push(await registerUser(server.url));
      for (let k = 0; k < 2; k++) rooms.push(await createRoom(owner, { preset: 'public_chat' }));
      for (const [i, u] of users.entries()) await joinRoom(u, rooms[i % rooms.length]!);
      for (let round = 0; round < KILLS; round++) {
        if (round > 0) server = await start();
        await storm(server, round);
      }
      server = await start();
    });

    after(async () => {
      await server?.kill('SIGTERM');
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('every acknowledged send is stored exactly once', async () => {
      assert.equal(kills, KILLS);
      const acked = attempts.filter((a) => a.acked !== undefined);
      assert.ok(acked.length >= ACKS_BEFORE_KILL.reduce((x, y) => x + y, 0));
      assert.ok(
        attempts.some((a) => a.acked === undefined),
        'some sends were cut off by the kills',
      );
      for (const [k, roomId] of rooms.entries()) {
        // Client k sits in room k (clients take rooms in turn).
        const messages = await allMessages(users[k]!.api, roomId);
        const ids = messages.map((m) => m.event_id);
        assert.equal(new Set(ids).size, ids.length, 'no event twice');
        const countByBody = new Map<string, number>();
        for (const m of messages) countByBody.set(String(m.content.body), (countByBody.get(String(m.content.body)) ?? 0) + 1);
        for (const a of acked.filter((x) => x.roomId === roomId)) {
          assert.ok(ids.includes(a.acked!), `acknowledged ${a.txnId} (${a.acked}) is missing`);
          assert.equal(countByBody.get(a.body), 1, `${a.txnId} stored ${countByBody.get(a.body)} times`);
        }
        for (const [body, count] of countByBody) assert.equal(count, 1, `${body} stored ${count} times`);
      }
    });

    if (kind === 'sqlite') {
      test('the SQLite database runs in WAL mode (commits survive a SIGKILL)', () => {
        const db = new Sqlite(join(dataDir, 'parley.db'), { readonly: true });
        try {
          assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
        } finally {
          db.close();
        }
      });
    }

    test('retrying every txnId returns the original event or creates it once', async () => {
      const send = async (a: Attempt): Promise<string> => {
        const res = await users[a.client]!.api.put(`/rooms/${r(a.roomId)}/send/m.room.message/${a.txnId}`, { msgtype: 'm.text', body: a.body });
        assert.equal(res.status, 200, JSON.stringify(res.body));
        return res.body.event_id as string;
      };
      const retried = new Map<string, string>();
      for (const a of attempts) {
        const id = await send(a);
        if (a.acked !== undefined) assert.equal(id, a.acked, `retry of acknowledged ${a.txnId}`);
        retried.set(a.txnId, id);
      }
      // A second retry of the unacknowledged ones answers the same as the first.
      for (const a of attempts.filter((x) => x.acked === undefined)) assert.equal(await send(a), retried.get(a.txnId));
      for (const [k, roomId] of rooms.entries()) {
        const messages = await allMessages(users[k]!.api, roomId);
        const expected = attempts.filter((a) => a.roomId === roomId);
        assert.equal(messages.length, expected.length, 'one event per txnId, no more, no less');
        assert.deepEqual(new Set(messages.map((m) => m.content.body)), new Set(expected.map((a) => a.body)));
        assert.deepEqual(new Set(messages.map((m) => m.event_id)), new Set(expected.map((a) => retried.get(a.txnId))));
      }
    });
  });
}
