import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { DATABASES, createScratchPostgres, type ScratchDatabase } from '../../support/testDatabases.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../../support/testServer.ts';
import { Api, registerUser } from '../../support/client.ts';
import { createRoom, join, sendText } from '../../support/factories.ts';

for (const kind of DATABASES) {
  describe(`push evaluation resumes after a restart [${kind}]`, () => {
    let opts: TestServerOptions;
    let dataDir: string | undefined;
    let scratch: ScratchDatabase | undefined;
    let server: TestServer;

    before(async () => {
      if (kind === 'sqlite') opts = { dataDir: (dataDir = mkdtempSync(joinPath(tmpdir(), 'parley-push-'))) };
      else opts = { postgres: (scratch = await createScratchPostgres()) };
      server = await startTestServer(kind, opts);
    });
    after(async () => {
      await server.close();
      await scratch?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    test('events committed while no evaluator ran are evaluated once by the next start', async () => {
      const alice = await registerUser(server.url);
      const bob = await registerUser(server.url);
      const roomId = await createRoom(bob, { preset: 'public_chat' });
      await join(alice, roomId);
      await sendText(bob, roomId, 'evaluated live');
      await server.deps.push.idle();
      // The evaluator stops (as a crash would leave it); these commits wait in stream_changes.
      server.deps.push.stop();
      await sendText(bob, roomId, 'while stopped 1');
      await sendText(bob, roomId, 'while stopped 2');
      const stale = await alice.api.get('/sync?timeout=0');
      assert.equal(stale.body.rooms.join[roomId].unread_notifications.notification_count, 1);
      await server.close();
      server = await startTestServer(kind, opts);
      await server.deps.push.idle();
      const api = new Api(server.url, alice.accessToken);
      const res = await api.get('/sync?timeout=0');
      assert.deepEqual(res.body.rooms.join[roomId].unread_notifications, { notification_count: 3, highlight_count: 0 });
      const list = await api.get('/notifications');
      assert.deepEqual(
        list.body.notifications.map((n: { event: { content: { body: string } } }) => n.event.content.body),
        ['while stopped 2', 'while stopped 1', 'evaluated live'],
      );
    });
  });
}
