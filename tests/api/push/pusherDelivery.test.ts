// Push notifications delivered to a real push gateway (tests/support/pushGateway.ts) on
// 127.0.0.1, which the server may reach on that port only (push.ip_range_allowlist): both
// formats, counts and tweaks, a badge-only update after a read receipt, retry after a 5xx,
// removal of a pusher whose pushkey the gateway rejects, nothing for the user's own events or
// a muted room, and, across a restart, a failed notification delivered once and an
// acknowledged one never again.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { Api, registerUser, uniqueName, type TestUser } from '../../support/client.ts';
import { createRoom, join, r, sendText } from '../../support/factories.ts';
import { startPushGateway } from '../../support/pushGateway.ts';
import { DATABASES, createScratchPostgres, type ScratchDatabase } from '../../support/testDatabases.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../../support/testServer.ts';

const gateway = await startPushGateway();
// A second local gateway the server is not allowed to reach (only the first one's port is).
const forbidden = await startPushGateway();
after(async () => {
  await gateway.close();
  await forbidden.close();
});

const PUSH_CONFIG = { push: { ip_range_allowlist: [{ cidr: '127.0.0.1/32', port: gateway.port }], initial_backoff_ms: 200, max_backoff_ms: 1000, timeout_ms: 1000 } };

/** Sets an HTTP pusher for `user` at the test gateway; returns its pushkey. */
async function setPusher(user: TestUser, data: Record<string, unknown> = {}, appId = 'org.parley.test'): Promise<string> {
  const pushkey = uniqueName('key');
  const res = await user.api.post('/pushers/set', {
    kind: 'http',
    app_id: appId,
    pushkey,
    app_display_name: 'Parley test',
    device_display_name: 'phone',
    lang: 'en',
    data: { url: gateway.url, ...data },
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return pushkey;
}

const forKey =
  (pushkey: string) =>
  (n: { notification: Record<string, any> }): boolean =>
    n.notification.devices?.[0]?.pushkey === pushkey;
const received = (pushkey: string): Array<Record<string, any>> => gateway.received.filter(forKey(pushkey)).map((x) => x.notification);

/** Waits a little and proves the gateway got nothing more for `pushkey` than `count` notifications. */
async function expectNoMore(pushkey: string, count: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 500));
  assert.equal(received(pushkey).length, count, JSON.stringify(received(pushkey)));
}

onEachDatabase('push delivery to HTTP pushers', { file: PUSH_CONFIG }, (ctx) => {
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let group: string;

  before(async () => {
    alice = await registerUser(ctx.server.url);
    bob = await registerUser(ctx.server.url);
    carol = await registerUser(ctx.server.url);
    assert.equal((await bob.api.put(`/profile/${r(bob.userId)}/displayname`, { displayname: 'Bob B.' })).status, 200);
    // Three members: the default rules' m.rule.message (notify, no tweak), not the one-to-one rule.
    group = await createRoom(alice, { preset: 'public_chat', name: 'Working group', room_alias_name: uniqueName('wg') });
    await join(bob, group);
    await join(carol, group);
  });

  test('the full format carries the event, names, counts, tweaks and the pusher data minus url', async () => {
    const pushkey = await setPusher(alice, { custom: { nested: true } });
    const eventId = await sendText(bob, group, 'hello group');
    const { notification: n } = await gateway.waitFor(forKey(pushkey));
    const alias = (await alice.api.get(`/rooms/${r(group)}/state/m.room.canonical_alias`)).body.alias;
    const pusher = (await alice.api.get('/pushers')).body.pushers.find((p: { pushkey: string }) => p.pushkey === pushkey);
    assert.ok(pusher);
    assert.deepEqual(n, {
      event_id: eventId,
      room_id: group,
      type: 'm.room.message',
      sender: bob.userId,
      sender_display_name: 'Bob B.',
      room_name: 'Working group',
      room_alias: alias,
      user_is_target: false,
      prio: 'low',
      content: { msgtype: 'm.text', body: 'hello group' },
      counts: { unread: 1 },
      devices: [{ app_id: 'org.parley.test', pushkey, pushkey_ts: n.devices?.[0]?.pushkey_ts, data: { custom: { nested: true } }, tweaks: {} }],
    });
    assert.ok(Math.abs(Number(n.devices?.[0]?.pushkey_ts) - Date.now() / 1000) < 60, 'pushkey_ts is in seconds');
    assert.equal(gateway.received.find(forKey(pushkey))?.path, '/_matrix/push/v1/notify');
    await expectNoMore(pushkey, 1);
    await alice.api.post('/pushers/set', { kind: null, app_id: 'org.parley.test', pushkey });
  });

  test('event_id_only sends the IDs, counts, priority and device only; a mention is high priority with its tweaks', async () => {
    const pushkey = await setPusher(carol, { format: 'event_id_only' });
    const eventId = (
      await bob.api.put(`/rooms/${r(group)}/send/m.room.message/${uniqueName('t')}`, {
        msgtype: 'm.text',
        body: `hey ${carol.userId}`,
        'm.mentions': { user_ids: [carol.userId] },
      })
    ).body.event_id as string;
    const { notification: n } = await gateway.waitFor((x) => forKey(pushkey)(x) && x.notification.event_id === eventId);
    assert.deepEqual(Object.keys(n).sort(), ['counts', 'devices', 'event_id', 'prio', 'room_id']);
    assert.equal(n.room_id, group);
    assert.equal(n.prio, 'high');
    assert.ok(n.counts.unread >= 1);
    assert.deepEqual(n.devices[0].data, { format: 'event_id_only' });
    assert.equal(n.devices[0].tweaks.highlight, true);
    assert.equal(typeof n.devices[0].tweaks.sound, 'string');
    await carol.api.post('/pushers/set', { kind: null, app_id: 'org.parley.test', pushkey });
  });

  test('counts grow with unread notifications; a read receipt sends a badge-only update', async () => {
    const room = await createRoom(bob, { preset: 'public_chat' });
    await join(alice, room);
    await join(carol, room);
    const pushkey = await setPusher(alice, {}, 'org.parley.counts');
    const first = await sendText(bob, room, 'one');
    await gateway.waitFor((x) => forKey(pushkey)(x) && x.notification.event_id === first);
    const second = await sendText(bob, room, 'two');
    const n2 = await gateway.waitFor((x) => forKey(pushkey)(x) && x.notification.event_id === second);
    assert.equal(n2.notification.counts.unread, received(pushkey)[0]!.counts.unread + 1);
    assert.equal((await alice.api.post(`/rooms/${r(room)}/receipt/m.read/${r(second)}`, {})).status, 200);
    const badge = await gateway.waitFor((x) => forKey(pushkey)(x) && x.notification.event_id === undefined);
    assert.deepEqual(Object.keys(badge.notification).sort(), ['counts', 'devices']);
    assert.equal(badge.notification.counts.unread, n2.notification.counts.unread - 2);
    await expectNoMore(pushkey, 3);
    await alice.api.post('/pushers/set', { kind: null, app_id: 'org.parley.counts', pushkey });
  });

  test('a 500 is retried after a back-off and the notification arrives once accepted', async () => {
    const pushkey = await setPusher(bob, {}, 'org.parley.retry');
    gateway.answers.push({ status: 500, pushkey }, { status: 503, pushkey });
    const eventId = await sendText(alice, group, 'try again');
    const attempts = (): Array<Record<string, any>> => received(pushkey).filter((x) => x.event_id === eventId);
    await gateway.waitFor(() => attempts().length >= 3);
    assert.equal(attempts().length, 3, 'two failures, then the accepted one');
    await expectNoMore(pushkey, 3);
    await bob.api.post('/pushers/set', { kind: null, app_id: 'org.parley.retry', pushkey });
  });

  test('a gateway that never answers times out and the notification is retried', async () => {
    const pushkey = await setPusher(bob, {}, 'org.parley.hang');
    gateway.answers.push({ status: 200, hang: true, pushkey });
    const eventId = await sendText(carol, group, 'are you there?');
    const attempts = (): Array<Record<string, any>> => received(pushkey).filter((x) => x.event_id === eventId);
    const started = Date.now();
    await gateway.waitFor(() => attempts().length >= 2);
    assert.ok(Date.now() - started >= 900, 'the second attempt came after push.timeout_ms');
    await expectNoMore(pushkey, 2);
    await bob.api.post('/pushers/set', { kind: null, app_id: 'org.parley.hang', pushkey });
  });

  test('a pushkey the gateway rejects removes the pusher', async () => {
    const pushkey = await setPusher(carol, {}, 'org.parley.rejected');
    gateway.answers.push({ status: 200, body: { rejected: [pushkey] }, pushkey });
    await sendText(bob, group, 'to a dead phone');
    await gateway.waitFor(forKey(pushkey));
    for (let i = 0; i < 50; i++) {
      const pushers = (await carol.api.get('/pushers')).body.pushers as Array<{ pushkey: string }>;
      if (!pushers.some((p) => p.pushkey === pushkey)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.ok(!((await carol.api.get('/pushers')).body.pushers as Array<{ pushkey: string }>).some((p) => p.pushkey === pushkey));
    await sendText(bob, group, 'not pushed any more');
    await expectNoMore(pushkey, 1);
  });

  test('a gateway on a loopback port not allowed is never contacted', async () => {
    const hidden = uniqueName('key');
    const set = await bob.api.post('/pushers/set', {
      kind: 'http',
      app_id: 'org.parley.hidden',
      pushkey: hidden,
      app_display_name: 'x',
      device_display_name: 'x',
      lang: 'en',
      data: { url: forbidden.url },
    });
    assert.equal(set.status, 200);
    const allowed = await setPusher(bob, {}, 'org.parley.allowed');
    const eventId = await sendText(carol, group, 'only the allowed gateway hears this');
    await gateway.waitFor((x) => forKey(allowed)(x) && x.notification.event_id === eventId);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(forbidden.received.length, 0);
  });

  test("nothing is pushed for the user's own events or a room whose rule does not notify", async () => {
    const muted = await createRoom(bob, { preset: 'public_chat' });
    await join(alice, muted);
    await join(carol, muted);
    const rule = await alice.api.put(`/pushrules/global/room/${r(muted)}`, { actions: [] });
    assert.equal(rule.status, 200, JSON.stringify(rule.body));
    const pushkey = await setPusher(alice, {}, 'org.parley.quiet');
    const own = await sendText(alice, group, 'my own words');
    const quiet = await sendText(bob, muted, 'muted room');
    // A notifying event after both: delivery is in stream order, so once it arrives the others were passed over.
    const loud = await sendText(bob, group, 'this one notifies');
    await gateway.waitFor((x) => forKey(pushkey)(x) && x.notification.event_id === loud);
    const ids = received(pushkey).map((n) => n.event_id);
    assert.ok(!ids.includes(own) && !ids.includes(quiet), JSON.stringify(ids));
    await expectNoMore(pushkey, 1);
  });
});

for (const kind of DATABASES) {
  describe(`push delivery resumes after a restart [${kind}]`, () => {
    let opts: TestServerOptions;
    let dataDir: string | undefined;
    let scratch: ScratchDatabase | undefined;
    let server: TestServer;

    before(async () => {
      if (kind === 'sqlite') {
        dataDir = mkdtempSync(joinPath(tmpdir(), 'parley-push-'));
        opts = { dataDir, file: PUSH_CONFIG };
      } else {
        scratch = await createScratchPostgres();
        opts = { postgres: scratch, file: PUSH_CONFIG };
      }
      server = await startTestServer(kind, opts);
    });
    after(async () => {
      await server.close();
      await scratch?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    test('a notification failing at shutdown is delivered after the restart; an acknowledged one is never sent again', async () => {
      const alice = await registerUser(server.url);
      const bob = await registerUser(server.url);
      const room = await createRoom(bob, { preset: 'public_chat' });
      await join(alice, room);
      const pushkey = await setPusher(alice, { format: 'event_id_only' });
      const acknowledged = await sendText(bob, room, 'delivered before');
      await gateway.waitFor((x) => forKey(pushkey)(x) && x.notification.event_id === acknowledged);
      // The gateway fails for a while: the server goes down with the notification undelivered.
      gateway.answers.push(...Array.from({ length: 100 }, () => ({ status: 502, pushkey })));
      const pending = await sendText(bob, room, 'sent while the gateway is down');
      await gateway.waitFor((x) => forKey(pushkey)(x) && x.notification.event_id === pending);
      await server.close();
      gateway.answers.length = 0;
      const before = received(pushkey).length;
      server = await startTestServer(kind, opts);
      const from = gateway.received.length;
      await gateway.waitFor((x) => forKey(pushkey)(x) && x.notification.event_id === pending, 10_000, from);
      await expectNoMore(pushkey, before + 1);
      assert.equal(received(pushkey).filter((n) => n.event_id === acknowledged).length, 1);
      // And the restarted server delivers new events as usual, with the user's token from before.
      const bobAgain = { ...bob, api: new Api(server.url, bob.accessToken) };
      const later = await sendText(bobAgain, room, 'after the restart');
      await gateway.waitFor((x) => forKey(pushkey)(x) && x.notification.event_id === later);
    });
  });
}
