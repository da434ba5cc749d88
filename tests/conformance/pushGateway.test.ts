// A matrix-js-sdk client registers an HTTP pusher the way Element does (client.setPusher), and a
// message another SDK client sends reaches the push gateway (tests/support/pushGateway.ts) with
// the event, the sender and the pusher's data; a second message counts two unread; removing the
// pusher (kind null) stops the pushes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Preset } from 'matrix-js-sdk';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { registerSdkUser, type SdkUser } from '../support/sdk.ts';
import { startPushGateway } from '../support/pushGateway.ts';

const gateway = await startPushGateway();
after(() => gateway.close());

onEachDatabase('matrix-js-sdk pushers reach the push gateway', { file: { push: { ip_range_allowlist: [{ cidr: '127.0.0.1/32', port: gateway.port }] } } }, (ctx) => {
  let alice: SdkUser;
  let bob: SdkUser;

  before(async () => {
    alice = await registerSdkUser(ctx.server.url);
    bob = await registerSdkUser(ctx.server.url);
  });
  after(() => {
    alice.client.stopClient();
    bob.client.stopClient();
  });

  test('client.setPusher, then a message from another client is pushed', async () => {
    const { room_id: roomId } = await bob.client.createRoom({ preset: Preset.PublicChat, name: 'Push room' });
    await alice.client.joinRoom(roomId);
    const pushkey = `sdk-${alice.deviceId}-${ctx.kind}`;
    await alice.client.setPusher({
      kind: 'http',
      app_id: 'org.parley.sdk',
      pushkey,
      app_display_name: 'SDK test',
      device_display_name: 'laptop',
      lang: 'en',
      data: { url: gateway.url, brand: 'parley' },
      append: false,
    });
    const { pushers } = await alice.client.getPushers();
    assert.equal(pushers?.find((p) => p.pushkey === pushkey)?.data.url, gateway.url);

    const mine = (n: { notification: Record<string, any> }): boolean => n.notification.devices?.[0]?.pushkey === pushkey;
    const first = await bob.client.sendTextMessage(roomId, 'hello from the SDK');
    const n1 = (await gateway.waitFor((n) => mine(n) && n.notification.event_id === first.event_id, 15_000)).notification;
    assert.equal(n1.room_id, roomId);
    assert.equal(n1.sender, bob.userId);
    assert.equal(n1.type, 'm.room.message');
    assert.equal(n1.room_name, 'Push room');
    assert.deepEqual(n1.content, { msgtype: 'm.text', body: 'hello from the SDK' });
    assert.deepEqual(n1.devices[0].data, { brand: 'parley' });
    const second = await bob.client.sendTextMessage(roomId, 'and again');
    const n2 = (await gateway.waitFor((n) => mine(n) && n.notification.event_id === second.event_id, 15_000)).notification;
    assert.equal(n2.counts.unread, 2);

    await alice.client.removePusher(pushkey, 'org.parley.sdk');
    const count = gateway.received.filter(mine).length;
    await bob.client.sendTextMessage(roomId, 'nobody is told');
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.equal(gateway.received.filter(mine).length, count);
  });
});
