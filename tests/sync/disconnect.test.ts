import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { registerUser } from '../support/client.ts';

onEachDatabase('a long-poll whose client goes away', (ctx) => {
  test('stops waiting when the client disconnects', async () => {
    const alice = await registerUser(ctx.server.url);
    const first = await alice.api.get('/sync?timeout=0');
    const notifier = ctx.server.deps.notifier;
    const controller = new AbortController();
    const poll = fetch(`${ctx.server.url}/_matrix/client/v3/sync?since=${first.body.next_batch}&timeout=60000`, {
      headers: { authorization: `Bearer ${alice.accessToken}` },
      signal: controller.signal,
    }).catch((err: Error) => err);
    while (notifier.waitingUsers < 1) await new Promise((r) => setTimeout(r, 5));
    controller.abort();
    assert.ok((await poll) instanceof Error);
    const started = Date.now();
    while (notifier.waitingUsers > 0 && Date.now() - started < 5000) await new Promise((r) => setTimeout(r, 10));
    assert.equal(notifier.waitingUsers, 0, 'the server dropped the waiter instead of holding it for the full timeout');
  });
});
