import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { registerUsersBefore } from '../support/registerUsersBefore.ts';
import { createRoom, join, r, sendText } from '../support/factories.ts';
import { openSync } from '../../apps/server/src/sync/SyncSession.ts';

/** unsigned.age depends on when the event was formatted: everything else must be identical. */
function withoutAge(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAge);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (k === 'age' ? [] : [[k, withoutAge(v)]])));
}

// The sync session without HTTP: what a streaming transport will iterate.
onEachDatabase('sync session', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  let roomId: string;
  before(async () => {
    roomId = await createRoom(alice, { preset: 'public_chat', name: 'Session' });
    await join(bob, roomId);
    // Silence the room for bob: push evaluation would otherwise commit after each action and wake his sessions again.
    assert.equal((await bob.api.put(`/pushrules/global/room/${r(roomId)}`, { actions: [] })).status, 200);
  });
  const principal = () => ({ userId: bob.userId as never, deviceId: bob.deviceId as never });

  test('two sessions iterating the same user yield what the long-poll route returns', { timeout: 20_000 }, async () => {
    const filter = JSON.stringify({ room: { timeline: { limit: 5 } } });
    const initial = await bob.api.get(`/sync?timeout=0&filter=${r(filter)}`);
    const one = await openSync(ctx.server.deps, principal(), { since: initial.body.next_batch, filter, timeoutMs: 10_000 });
    const two = await openSync(ctx.server.deps, principal(), { since: initial.body.next_batch, filter, timeoutMs: 10_000 });
    let since: string = initial.body.next_batch;
    const actions = [
      () => sendText(alice, roomId, 'first'),
      () => alice.api.put(`/rooms/${r(roomId)}/state/m.room.topic/`, { topic: 'streamed' }),
      () => bob.api.put(`/user/${r(bob.userId)}/account_data/org.example.session`, { n: 1 }),
    ];
    for (const act of actions) {
      // Both sessions wait first, so the action wakes them (listen-before-read).
      const waiting = ctx.server.deps.notifier.waitingUsers;
      const [a, b] = [one.next(), two.next()];
      while (ctx.server.deps.notifier.waitingUsers <= waiting) await new Promise((res) => setTimeout(res, 5));
      await act();
      const [ra, rb] = await Promise.all([a, b]);
      assert.equal(ra.done, false);
      const route = await bob.api.get(`/sync?timeout=0&filter=${r(filter)}&since=${r(since)}`);
      assert.equal(route.status, 200);
      assert.deepEqual(withoutAge(ra.value), withoutAge(route.body));
      assert.deepEqual(withoutAge(rb.value), withoutAge(route.body));
      since = route.body.next_batch;
    }
  });

  test('an aborted signal stops the wait and ends the session', { timeout: 20_000 }, async () => {
    const notifier = ctx.server.deps.notifier;
    const start = await bob.api.get('/sync?timeout=0');
    const controller = new AbortController();
    const session = await openSync(ctx.server.deps, principal(), { since: start.body.next_batch, timeoutMs: 60_000, signal: controller.signal });
    const waiting = notifier.waitingUsers;
    const started = Date.now();
    const pending = session.next();
    while (notifier.waitingUsers <= waiting) await new Promise((res) => setTimeout(res, 5));
    controller.abort();
    const result = await pending;
    assert.ok(Date.now() - started < 5_000, 'the wait ended with the signal, not the timeout');
    assert.equal(result.done, false);
    assert.deepEqual(result.value?.rooms.join, {});
    assert.equal(notifier.waitingUsers, waiting, 'the waiter was dropped');
    assert.deepEqual(await session.next(), { done: true, value: undefined });
  });

  test('bad since tokens and filters are refused when the session opens', async () => {
    await assert.rejects(openSync(ctx.server.deps, principal(), { since: 'nonsense' }), { errcode: 'M_INVALID_PARAM' });
    await assert.rejects(openSync(ctx.server.deps, principal(), { filter: '12345' }), { errcode: 'M_NOT_FOUND' });
  });

  test('filters are kept per distinct filter: the same answers on reuse, refusals every time, stored filters per owner', async () => {
    const inline = JSON.stringify({ room: { timeline: { limit: 1, types: ['m.room.name'] } } });
    for (let i = 0; i < 2; i++) {
      const res = await bob.api.get(`/sync?timeout=0&filter=${r(inline)}`);
      assert.equal(res.status, 200);
      assert.deepEqual(
        res.body.rooms.join[roomId].timeline.events.map((e: { type: string }) => e.type),
        ['m.room.name'],
      );
    }
    const bad = JSON.stringify({ room: { timeline: { limit: -1 } } });
    for (let i = 0; i < 2; i++) assert.equal((await bob.api.get(`/sync?timeout=0&filter=${r(bad)}`)).body.errcode, 'M_BAD_JSON');
    const created = await alice.api.post(`/user/${r(alice.userId)}/filter`, { room: { timeline: { limit: 1 } } });
    assert.equal(created.status, 200);
    const filterId = created.body.filter_id as string;
    assert.equal((await alice.api.get(`/sync?timeout=0&filter=${filterId}`)).status, 200);
    // Alice used it (so it is cached); Bob still may not.
    assert.equal((await bob.api.get(`/sync?timeout=0&filter=${filterId}`)).body.errcode, 'M_NOT_FOUND');
  });
});
