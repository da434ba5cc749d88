import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, registerUser, type TestUser } from '../../support/client.ts';
import { createRoom, r } from '../../support/factories.ts';

type Ev = { type: string; content: Record<string, unknown> };

onEachDatabase('account data', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);

  const global = (u: TestUser, type: string): string => `/user/${r(u.userId)}/account_data/${r(type)}`;
  const perRoom = (u: TestUser, roomId: string, type: string): string => `/user/${r(u.userId)}/rooms/${r(roomId)}/account_data/${r(type)}`;

  test('global account data is stored, replaced and read back', async () => {
    expectError(await alice.api.get(global(alice, 'org.example.prefs')), 404, 'M_NOT_FOUND');
    assert.equal((await alice.api.put(global(alice, 'org.example.prefs'), { theme: 'dark' })).status, 200);
    assert.deepEqual((await alice.api.get(global(alice, 'org.example.prefs'))).body, { theme: 'dark' });
    assert.equal((await alice.api.put(global(alice, 'org.example.prefs'), { theme: 'light', size: 3 })).status, 200);
    assert.deepEqual((await alice.api.get(global(alice, 'org.example.prefs'))).body, { theme: 'light', size: 3 });
    // Bob has his own.
    expectError(await bob.api.get(global(bob, 'org.example.prefs')), 404, 'M_NOT_FOUND');
  });

  test('room account data is separate from global account data', async () => {
    const roomId = await createRoom(alice);
    assert.equal((await alice.api.put(perRoom(alice, roomId, 'm.tag'), { tags: { 'm.favourite': { order: 0.5 } } })).status, 200);
    assert.deepEqual((await alice.api.get(perRoom(alice, roomId, 'm.tag'))).body, { tags: { 'm.favourite': { order: 0.5 } } });
    expectError(await alice.api.get(global(alice, 'm.tag')), 404, 'M_NOT_FOUND');
    expectError(await alice.api.get(perRoom(alice, '!other:localhost', 'm.tag')), 404, 'M_NOT_FOUND');
  });

  test("another user's account data can be neither read nor written", async () => {
    await alice.api.put(global(alice, 'org.example.secret'), { s: 1 });
    expectError(await bob.api.get(global(alice, 'org.example.secret')), 403, 'M_FORBIDDEN');
    expectError(await bob.api.put(global(alice, 'org.example.secret'), { s: 2 }), 403, 'M_FORBIDDEN');
    const roomId = await createRoom(alice);
    expectError(await bob.api.get(perRoom(alice, roomId, 'm.tag')), 403, 'M_FORBIDDEN');
    expectError(await bob.api.put(perRoom(alice, roomId, 'm.tag'), { tags: {} }), 403, 'M_FORBIDDEN');
    assert.deepEqual((await alice.api.get(global(alice, 'org.example.secret'))).body, { s: 1 });
  });

  test('server-managed types are refused with 405 M_BAD_JSON, globally and per room', async () => {
    const roomId = await createRoom(alice);
    for (const type of ['m.fully_read', 'm.push_rules']) {
      expectError(await alice.api.put(global(alice, type), { event_id: '$x' }), 405, 'M_BAD_JSON');
      expectError(await alice.api.put(perRoom(alice, roomId, type), { event_id: '$x' }), 405, 'M_BAD_JSON');
    }
    expectError(await alice.api.get(perRoom(alice, roomId, 'm.fully_read')), 404, 'M_NOT_FOUND');
  });

  test('malformed requests are refused', async () => {
    expectError(await alice.api.put(perRoom(alice, 'not-a-room', 'm.tag'), { tags: {} }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.get(perRoom(alice, 'not-a-room', 'm.tag')), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(global(alice, 'org.example.list'), [1, 2]), 400, 'M_NOT_JSON');
    expectError(
      await alice.api.request('PUT', global(alice, 'org.example.list'), undefined, { rawBody: '{nope', headers: { 'content-type': 'application/json' } }),
      400,
      'M_NOT_JSON',
    );
    expectError(await alice.api.put(global(alice, 'x'.repeat(300)), {}), 400, 'M_INVALID_PARAM');
  });

  test('/sync returns account data: all of it initially, then only what changed', async () => {
    const carol = await registerUser(ctx.server.url);
    const roomId = await createRoom(carol);
    await carol.api.put(global(carol, 'org.example.a'), { v: 1 });
    await carol.api.put(perRoom(carol, roomId, 'org.example.r'), { v: 2 });
    const initial = await carol.api.get('/sync?timeout=0');
    assert.deepEqual(
      initial.body.account_data.events.filter((e: Ev) => e.type.startsWith('org.example.')),
      [{ type: 'org.example.a', content: { v: 1 } }],
    );
    assert.deepEqual(initial.body.rooms.join[roomId].account_data.events, [{ type: 'org.example.r', content: { v: 2 } }]);

    // A long-polling sync is woken by the write.
    const waiting = carol.api.get(`/sync?timeout=20000&since=${initial.body.next_batch}`);
    await carol.api.put(global(carol, 'org.example.b'), { v: 3 });
    const next = await waiting;
    assert.equal(next.status, 200);
    assert.deepEqual(next.body.account_data.events, [{ type: 'org.example.b', content: { v: 3 } }]);

    const again = await carol.api.get(`/sync?timeout=0&since=${next.body.next_batch}`);
    assert.deepEqual(again.body.account_data?.events ?? [], []);
  });
});
