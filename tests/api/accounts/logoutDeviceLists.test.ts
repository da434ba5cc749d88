import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError } from '../../support/client.ts';
import { login } from '../../support/uia.ts';
import { createRoom, join } from '../../support/factories.ts';

// Logging out deletes the device, so users sharing a room must re-query the user's devices.
onEachDatabase('logout announces the device list change', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);

  test("logout and logout/all revoke tokens and show up in peers' device_lists.changed", async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    const loggedIn = await login(new Api(ctx.server.url), alice.localpart, alice.password);
    assert.equal(loggedIn.status, 200);
    const phone = new Api(ctx.server.url, loggedIn.body.access_token as string);
    let since = (await bob.api.get('/sync?timeout=0')).body.next_batch;

    assert.equal((await phone.post('/logout', {})).status, 200);
    expectError(await phone.get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
    let sync = await bob.api.get(`/sync?timeout=0&since=${since}`);
    assert.ok(sync.body.device_lists.changed.includes(alice.userId), 'logout is a device list change');
    const devices = await alice.api.get('/devices');
    assert.deepEqual(
      devices.body.devices.map((d: { device_id: string }) => d.device_id),
      [alice.deviceId],
    );

    since = sync.body.next_batch;
    assert.equal((await alice.api.post('/logout/all', {})).status, 200);
    expectError(await alice.api.get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
    sync = await bob.api.get(`/sync?timeout=0&since=${since}`);
    assert.ok(sync.body.device_lists.changed.includes(alice.userId), 'logout/all is a device list change');
  });
});
