import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { NotificationCountType } from 'matrix-js-sdk';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { Api, registerUser, type TestUser } from '../support/client.ts';
import { createRoom, nextTxnId, r } from '../support/factories.ts';
import { registerSdkUser, startAndSync, waitUntil, type SdkUser } from '../support/sdk.ts';

const TIMEOUT = { timeout: 30_000 };

/** matrix-js-sdk reads unread counts (room and thread) from /sync and push rules from m.push_rules account data. */
onEachDatabase('matrix-js-sdk unread counts', (ctx) => {
  let alice: SdkUser;
  let aliceApi: Api;
  let bob: TestUser;
  let roomId: string;

  before(async () => {
    alice = await registerSdkUser(ctx.server.url);
    aliceApi = new Api(ctx.server.url, alice.accessToken);
    bob = await registerUser(ctx.server.url);
    roomId = await createRoom(bob, { preset: 'public_chat' });
    assert.equal((await aliceApi.post(`/rooms/${r(roomId)}/join`, {})).status, 200);
    await startAndSync(alice.client);
  });
  after(() => alice?.client.stopClient());

  async function bobSends(content: Record<string, unknown>): Promise<string> {
    const res = await bob.api.put(`/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, content);
    assert.equal(res.status, 200);
    return res.body.event_id as string;
  }
  const total = (): number | undefined => alice.client.getRoom(roomId)?.getUnreadNotificationCount(NotificationCountType.Total);
  const highlight = (): number | undefined => alice.client.getRoom(roomId)?.getUnreadNotificationCount(NotificationCountType.Highlight);

  test('the push rules come from m.push_rules', TIMEOUT, async () => {
    const rules = await waitUntil(alice.client, () => alice.client.pushRules);
    assert.ok(rules.global.underride?.some((x) => x.rule_id === '.m.rule.message'));
    assert.ok(rules.global.override?.some((x) => x.rule_id === '.m.rule.is_user_mention'));
  });

  test('main timeline: counts rise on a message and a mention and fall after a read receipt', TIMEOUT, async () => {
    await bobSends({ msgtype: 'm.text', body: 'hello' });
    const mention = await bobSends({ msgtype: 'm.text', body: 'ping', 'm.mentions': { user_ids: [alice.userId] } });
    await waitUntil(alice.client, () => total() === 2 && highlight() === 1);
    // The receipt goes over plain HTTP, so the fall is the server's counts, not a local guess.
    assert.equal((await aliceApi.post(`/rooms/${r(roomId)}/receipt/m.read/${r(mention)}`, {})).status, 200);
    await waitUntil(alice.client, () => total() === 0 && highlight() === 0);
  });

  test('a thread: its counts rise on a mention and fall after a threaded receipt', TIMEOUT, async () => {
    const root = await bobSends({ msgtype: 'm.text', body: 'thread root' });
    const reply = await bobSends({
      msgtype: 'm.text',
      body: 'in thread',
      'm.mentions': { user_ids: [alice.userId] },
      'm.relates_to': { rel_type: 'm.thread', event_id: root },
    });
    const threadTotal = (): number | undefined => alice.client.getRoom(roomId)?.getThreadUnreadNotificationCount(root, NotificationCountType.Total);
    const threadHighlight = (): number | undefined => alice.client.getRoom(roomId)?.getThreadUnreadNotificationCount(root, NotificationCountType.Highlight);
    const mainOnly = (): number | undefined => alice.client.getRoom(roomId)?.getRoomUnreadNotificationCount(NotificationCountType.Total);
    // The room's total is its main timeline plus its threads.
    await waitUntil(alice.client, () => threadTotal() === 1 && threadHighlight() === 1 && mainOnly() === 1 && total() === 2 && highlight() === 1);
    assert.equal((await aliceApi.post(`/rooms/${r(roomId)}/receipt/m.read/${r(reply)}`, { thread_id: root })).status, 200);
    await waitUntil(alice.client, () => threadTotal() === 0 && threadHighlight() === 0);
    assert.equal(mainOnly(), 1, 'the main timeline still has the root unread');
    assert.deepEqual([total(), highlight()], [1, 0]);
  });
});
