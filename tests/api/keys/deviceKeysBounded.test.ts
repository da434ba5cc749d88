import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError } from '../../support/client.ts';
import { deviceKeysOf } from '../../support/e2eeClient.ts';

onEachDatabase('device keys are bounded', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);

  test('device_keys larger than 16 KiB are refused and the stored keys stay', async () => {
    assert.equal((await alice.api.post('/keys/upload', { device_keys: deviceKeysOf(alice) })).status, 200);
    const huge = { ...deviceKeysOf(alice), signatures: { [alice.userId]: { [`ed25519:${alice.deviceId}`]: 'x'.repeat(20_000) } } };
    expectError(await alice.api.post('/keys/upload', { device_keys: huge }), 400, 'M_INVALID_PARAM');
    const q = await bob.api.post('/keys/query', { device_keys: { [alice.userId]: [] } });
    assert.equal(q.status, 200);
    const stored = q.body.device_keys[alice.userId][alice.deviceId];
    assert.deepEqual(stored.signatures, (deviceKeysOf(alice) as { signatures: unknown }).signatures);
    assert.ok(JSON.stringify(q.body).length < 4096);
  });
});
