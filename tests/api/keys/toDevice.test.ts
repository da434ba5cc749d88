import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError } from '../../support/client.ts';
import { nextTxnId } from '../../support/factories.ts';
import { loginNewDevice, syncOnce } from '../../support/e2eeClient.ts';

onEachDatabase('to-device messages', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);

  test('a message sent twice with the same txnId arrives once, on the next sync, and is gone after the following one', async () => {
    const s0 = await syncOnce(bob);
    assert.deepEqual(s0.to_device.events, []);
    const txnId = nextTxnId();
    const body = { messages: { [bob.userId]: { [bob.deviceId]: { hello: 'bob' } } } };
    const first = await alice.api.put(`/sendToDevice/m.test.ping/${txnId}`, body);
    const second = await alice.api.put(`/sendToDevice/m.test.ping/${txnId}`, body);
    assert.equal(first.status, 200);
    assert.deepEqual(first.body, {});
    assert.equal(second.status, 200);

    const s1 = await syncOnce(bob, s0.next_batch);
    assert.deepEqual(s1.to_device.events, [{ sender: alice.userId, type: 'm.test.ping', content: { hello: 'bob' } }]);
    // Retrying the same since (the response was lost) delivers it again.
    const retry = await syncOnce(bob, s0.next_batch);
    assert.equal(retry.to_device.events.length, 1);
    // Syncing past it acknowledges it.
    const s2 = await syncOnce(bob, s1.next_batch);
    assert.deepEqual(s2.to_device.events, []);
    const initial = await syncOnce(bob);
    assert.deepEqual(initial.to_device.events, []);
    // The txnId is still remembered after delivery.
    const third = await alice.api.put(`/sendToDevice/m.test.ping/${txnId}`, body);
    assert.equal(third.status, 200);
    const s3 = await syncOnce(bob, s2.next_batch);
    assert.deepEqual(s3.to_device.events, []);
  });

  test('the same txnId with two event types is two requests; each repeated is deduplicated', async () => {
    const s0 = await syncOnce(bob);
    const txnId = nextTxnId();
    const body = { messages: { [bob.userId]: { [bob.deviceId]: { n: 1 } } } };
    for (const type of ['m.test.one', 'm.test.two', 'm.test.one', 'm.test.two']) assert.equal((await alice.api.put(`/sendToDevice/${type}/${txnId}`, body)).status, 200);
    const s1 = await syncOnce(bob, s0.next_batch);
    assert.deepEqual(
      s1.to_device.events.map((e: any) => e.type),
      ['m.test.one', 'm.test.two'],
    );
    // Racing duplicates of one path deliver once.
    const raceTxn = nextTxnId();
    const racing = await Promise.all(Array.from({ length: 6 }, () => alice.api.put(`/sendToDevice/m.test.race/${raceTxn}`, body)));
    for (const res of racing) assert.equal(res.status, 200);
    const s2 = await syncOnce(bob, s1.next_batch);
    assert.deepEqual(
      s2.to_device.events.map((e: any) => e.type),
      ['m.test.race'],
    );
  });

  test('a long-polling recipient is woken; `*` reaches every device of the user, in order', async () => {
    const bobPhone = await loginNewDevice(ctx.server.url, bob);
    const base = await syncOnce(bob);
    const phoneBase = await syncOnce(bobPhone);
    const polling = syncOnce(bob, base.next_batch, { timeout: 20_000 });
    const res = await alice.api.put(`/sendToDevice/m.test.all/${nextTxnId()}`, { messages: { [bob.userId]: { '*': { n: 1 } } } });
    assert.equal(res.status, 200);
    const woke = await polling;
    assert.deepEqual(
      woke.to_device.events.map((e: { content: unknown }) => e.content),
      [{ n: 1 }],
    );
    await alice.api.put(`/sendToDevice/m.test.all/${nextTxnId()}`, { messages: { [bob.userId]: { [bobPhone.deviceId]: { n: 2 } } } });
    const phone = await syncOnce(bobPhone, phoneBase.next_batch);
    assert.deepEqual(
      phone.to_device.events.map((e: { content: unknown }) => e.content),
      [{ n: 1 }, { n: 2 }],
    );
    const laptop = await syncOnce(bob, woke.next_batch);
    assert.deepEqual(laptop.to_device.events, []);
  });

  test('messages for unknown devices, unknown users and other servers are dropped; malformed requests refused', async () => {
    const base = await syncOnce(bob);
    const res = await alice.api.put(`/sendToDevice/m.test/${nextTxnId()}`, {
      messages: { [bob.userId]: { NOSUCHDEVICE: { a: 1 } }, '@nobody:localhost': { '*': { a: 2 } }, '@someone:elsewhere.example': { DEV: { a: 3 } } },
    });
    assert.equal(res.status, 200);
    const s = await syncOnce(bob, base.next_batch);
    assert.deepEqual(s.to_device.events, []);
    expectError(await alice.api.put(`/sendToDevice/m.test/${nextTxnId()}`, { messages: { 'not a user': { '*': {} } } }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`/sendToDevice/m.test/${nextTxnId()}`, { messages: { [bob.userId]: { [bob.deviceId]: 'text' } } }), 400, 'M_BAD_JSON');
    expectError(await alice.api.put(`/sendToDevice/m.test/${nextTxnId()}`, {}), 400, 'M_BAD_JSON');
    const s2 = await syncOnce(bob, s.next_batch);
    assert.deepEqual(s2.to_device.events, []);
  });
});
