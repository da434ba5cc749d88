import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError } from '../../support/client.ts';
import { login } from '../../support/uia.ts';
import { loginNewDevice } from '../../support/e2eeClient.ts';

onEachDatabase('devices per user', { file: { max_devices_per_user: 3 } }, (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);

  test('a login past max_devices_per_user is refused; an existing device may log in again, and a freed slot is usable', async () => {
    const anon = new Api(ctx.server.url);
    const second = await loginNewDevice(ctx.server.url, alice);
    await loginNewDevice(ctx.server.url, alice);
    expectError(await login(anon, alice.localpart, alice.password), 403, 'M_FORBIDDEN');
    const again = await login(anon, alice.localpart, alice.password, { device_id: second.deviceId });
    assert.equal(again.status, 200);
    assert.equal((await alice.api.get('/devices')).body.devices.length, 3);
    assert.equal((await anon.withToken(again.body.access_token).post('/logout', {})).status, 200);
    assert.equal((await login(anon, alice.localpart, alice.password)).status, 200);
    assert.equal((await alice.api.get('/devices')).body.devices.length, 3);
  });
});
