import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, type TestUser } from '../../support/client.ts';
import { nextTxnId } from '../../support/factories.ts';
import { syncOnce } from '../../support/e2eeClient.ts';

const FILLER = 'x'.repeat(3000);

/** A full garbage collection (the test runner does not pass --expose-gc), then the heap in use. */
function heapAfterGc(): number {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

async function sendTo(from: TestUser, to: TestUser, content: Record<string, unknown>, txnId = nextTxnId()) {
  return from.api.put(`/sendToDevice/m.test.flood/${txnId}`, { messages: { [to.userId]: { [to.deviceId]: content } } });
}

/**
 * Syncs from `since` while the token says more to-device messages are waiting (`s<pos>_<id>`);
 * every response's messages, in order. Each sync asks to long-poll for 120 s: a partial page must
 * come back at once instead (the test's timeout would end a run that waited).
 */
async function drain(user: TestUser, since: string | undefined): Promise<{ pages: Array<Array<{ content: { n: number } }>>; next: string }> {
  const pages: Array<Array<{ content: { n: number } }>> = [];
  let token = since;
  for (;;) {
    const s = await syncOnce(user, token, { timeout: token === undefined ? 0 : 120_000 });
    token = s.next_batch;
    if (s.to_device.events.length > 0) pages.push(s.to_device.events);
    if (!s.next_batch.includes('_')) return { pages, next: s.next_batch };
  }
}

onEachDatabase('a flooded to-device queue', (ctx) => {
  const { mallory, bob, carol } = registerUsersBefore(ctx, ['mallory', 'bob', 'carol']);

  test('the victim still syncs, pages through the queue 100 at a time in order, and the queue drains; the sender is refused once it is full', { timeout: 300_000 }, async () => {
    const base = await syncOnce(bob);
    const heapBefore = heapAfterGc();
    const limit = ctx.server.config.toDevice.maxPendingMessages;
    assert.equal(limit, 1000, 'the default cap');
    for (let n = 0; n < limit; n++) assert.equal((await sendTo(mallory, bob, { n, filler: FILLER })).status, 200);
    // The queue is full for mallory: refused, nothing queued; another sender still gets through.
    expectError(await sendTo(mallory, bob, { n: limit, filler: FILLER }), 429, 'M_LIMIT_EXCEEDED');
    assert.equal((await sendTo(carol, bob, { from: 'carol' })).status, 200);

    // An initial sync sends the first page only, and acknowledges nothing.
    const initial = await syncOnce(bob);
    assert.equal(initial.to_device.events.length, 100);
    assert.match(initial.next_batch, /^s\d+_\d+$/);

    const first = await syncOnce(bob, base.next_batch, { timeout: 120_000 });
    assert.deepEqual(
      first.to_device.events.map((e: { content: { n: number } }) => e.content.n),
      Array.from({ length: 100 }, (_, i) => i),
    );
    // The response was lost: the same since gets the same page again.
    const again = await syncOnce(bob, base.next_batch);
    assert.deepEqual(again.to_device.events, first.to_device.events);
    // Other endpoints take a sync token with its to-device part.
    assert.equal((await bob.api.get(`/keys/changes?from=${first.next_batch}&to=${first.next_batch}`)).status, 200);

    const { pages, next } = await drain(bob, first.next_batch);
    const all = [...first.to_device.events, ...pages.flat()] as Array<{ sender: string; content: { n?: number; from?: string } }>;
    assert.deepEqual(
      pages.map((p) => p.length),
      [100, 100, 100, 100, 100, 100, 100, 100, 100, 1],
      '900 of mallory and 1 of carol',
    );
    // Every message exactly once, in the order sent.
    assert.deepEqual(
      all.filter((e) => e.sender === mallory.userId).map((e) => e.content.n),
      Array.from({ length: limit }, (_, i) => i),
    );
    assert.deepEqual(all.at(-1), { sender: carol.userId, type: 'm.test.flood', content: { from: 'carol' } });

    // Drained once a sync acknowledges the last page: a fresh initial sync has nothing, and mallory may send again.
    assert.deepEqual((await syncOnce(bob, next)).to_device.events, []);
    assert.deepEqual((await syncOnce(bob)).to_device.events, []);
    assert.equal((await sendTo(mallory, bob, { n: limit })).status, 200);
    const after = await drain(bob, undefined);
    assert.deepEqual(after.pages, [[{ sender: mallory.userId, type: 'm.test.flood', content: { n: limit } }]]);
    assert.deepEqual((await syncOnce(bob, after.next)).to_device.events, []);

    const heapAfter = heapAfterGc();
    assert.ok(heapAfter - heapBefore < 64 * 1024 * 1024, `heap grew by ${heapAfter - heapBefore} bytes`);
  });

  test('one request names at most 10,000 messages', async () => {
    const many = Object.fromEntries(Array.from({ length: 10_001 }, (_, i) => [`DEV${i}`, {}]));
    expectError(await mallory.api.put(`/sendToDevice/m.test.flood/${nextTxnId()}`, { messages: { [bob.userId]: many } }), 413, 'M_TOO_LARGE');
    delete many.DEV0;
    assert.equal((await mallory.api.put(`/sendToDevice/m.test.flood/${nextTxnId()}`, { messages: { [bob.userId]: many } })).status, 200);
  });

  test('one message is at most 65,536 bytes', async () => {
    expectError(await sendTo(mallory, bob, { big: 'x'.repeat(65_536) }), 413, 'M_TOO_LARGE');
    assert.equal((await sendTo(mallory, bob, { big: 'x'.repeat(60_000) })).status, 200);
  });
});

onEachDatabase('the to-device queue limits', { file: { to_device: { max_pending_messages: 5, max_pending_bytes: 20_000 } } }, (ctx) => {
  const { mallory, bob } = registerUsersBefore(ctx, ['mallory', 'bob']);

  test('the bytes waiting are capped too, and a refused request may be retried with its txnId once the device synced', async () => {
    const base = await syncOnce(bob);
    assert.equal((await sendTo(mallory, bob, { filler: 'x'.repeat(9000) })).status, 200);
    assert.equal((await sendTo(mallory, bob, { filler: 'x'.repeat(9000) })).status, 200);
    const txnId = nextTxnId();
    expectError(await sendTo(mallory, bob, { n: 'third', filler: 'x'.repeat(9000) }, txnId), 429, 'M_LIMIT_EXCEEDED');
    const s1 = await syncOnce(bob, base.next_batch);
    assert.equal(s1.to_device.events.length, 2);
    // Delivered but not yet acknowledged: still counted.
    expectError(await sendTo(mallory, bob, { n: 'third', filler: 'x'.repeat(9000) }, txnId), 429, 'M_LIMIT_EXCEEDED');
    const s2 = await syncOnce(bob, s1.next_batch);
    assert.deepEqual(s2.to_device.events, []);
    assert.equal((await sendTo(mallory, bob, { n: 'third', filler: 'x'.repeat(9000) }, txnId)).status, 200);
    const s3 = await syncOnce(bob, s2.next_batch);
    assert.deepEqual(
      s3.to_device.events.map((e: { content: { n: string } }) => e.content.n),
      ['third'],
    );
    assert.deepEqual((await syncOnce(bob, s3.next_batch)).to_device.events, []);
  });

  test('the message count is capped per device', async () => {
    const base = await syncOnce(bob);
    for (let i = 0; i < 5; i++) assert.equal((await sendTo(mallory, bob, { i })).status, 200);
    expectError(await sendTo(mallory, bob, { i: 5 }), 429, 'M_LIMIT_EXCEEDED');
    const s1 = await syncOnce(bob, base.next_batch);
    assert.equal(s1.to_device.events.length, 5);
    await syncOnce(bob, s1.next_batch);
  });
});
