import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASES } from '../support/testDatabases.ts';
import { startTestServer, type TestServer } from '../support/testServer.ts';
import { registerUser, type TestUser } from '../support/client.ts';
import { createRoom, sendText } from '../support/factories.ts';

// SQLite runs WAL with synchronous=NORMAL and fdatasyncs the WAL before answering a
// write (storage/WalFlusher.ts). These tests prove every acknowledged write waited for
// a sync, and that concurrent writes share syncs instead of taking one each.
describe('SQLite group commit', { skip: DATABASES.includes('sqlite') ? false : 'SQLite is not in PARLEY_TEST_DATABASES' }, () => {
  let server: TestServer;
  let alice: TestUser;
  let roomId: string;
  before(async () => {
    server = await startTestServer('sqlite');
    alice = await registerUser(server.url);
    roomId = await createRoom(alice);
  });
  after(async () => server.close());

  test('each acknowledged send is preceded by a WAL sync', async () => {
    const stats = server.deps.database.stats;
    for (let i = 0; i < 5; i++) {
      const before = stats.walSyncs;
      await sendText(alice, roomId, `durable ${i}`);
      assert.ok(stats.walSyncs > before, `send ${i} was answered after a sync`);
    }
  });

  test('concurrent sends share syncs', async () => {
    const stats = server.deps.database.stats;
    const before = stats.walSyncs;
    const n = 40;
    const ids = await Promise.all(Array.from({ length: n }, (_, i) => sendText(alice, roomId, `burst ${i}`)));
    assert.equal(new Set(ids).size, n);
    const syncs = stats.walSyncs - before;
    assert.ok(syncs >= 1, 'at least one sync');
    assert.ok(syncs < n, `${syncs} syncs for ${n} concurrent sends`);
  });

  test('a request that writes nothing pays no sync; a write outside a transaction still does', async () => {
    const stats = server.deps.database.stats;
    await sendText(alice, roomId, 'settle');
    const before = stats.walSyncs;
    const query = await alice.api.post('/keys/query', { device_keys: { [alice.userId]: [] } });
    assert.equal(query.status, 200);
    assert.equal(stats.walSyncs, before, 'POST /keys/query only reads');
    const filter = await alice.api.post(`/user/${encodeURIComponent(alice.userId)}/filter`, { room: { timeline: { limit: 5 } } });
    assert.equal(filter.status, 200);
    assert.ok(stats.walSyncs > before, 'storing a filter (a single INSERT, no transaction) was synced before the answer');
  });

  test('the database is in WAL mode with synchronous=NORMAL (1)', async () => {
    const { sql } = await import('kysely');
    const mode = await sql<{ journal_mode: string }>`PRAGMA journal_mode`.execute(server.deps.database.db);
    const sync = await sql<{ synchronous: number }>`PRAGMA synchronous`.execute(server.deps.database.db);
    assert.equal(mode.rows[0]?.journal_mode, 'wal');
    assert.equal(sync.rows[0]?.synchronous, 1);
  });
});
