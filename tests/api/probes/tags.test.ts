import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, type TestUser } from '../../support/client.ts';
import { createRoom, r } from '../../support/factories.ts';

type Json = Record<string, any>;

onEachDatabase('room tags', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  const tags = (u: TestUser, roomId: string): string => `/user/${r(u.userId)}/rooms/${r(roomId)}/tags`;
  const tag = (u: TestUser, roomId: string, name: string): string => `${tags(u, roomId)}/${r(name)}`;

  test('tags are added, replaced, listed and removed', async () => {
    const roomId = await createRoom(alice);
    assert.deepEqual((await alice.api.get(tags(alice, roomId))).body, { tags: {} });
    assert.equal((await alice.api.put(tag(alice, roomId, 'm.favourite'), { order: 0.25 })).status, 200);
    assert.equal((await alice.api.put(tag(alice, roomId, 'u.work'), {})).status, 200);
    assert.deepEqual((await alice.api.get(tags(alice, roomId))).body, { tags: { 'm.favourite': { order: 0.25 }, 'u.work': {} } });
    assert.equal((await alice.api.put(tag(alice, roomId, 'm.favourite'), { order: 1 })).status, 200);
    assert.equal((await alice.api.delete(tag(alice, roomId, 'u.work'))).status, 200);
    assert.deepEqual((await alice.api.get(tags(alice, roomId))).body, { tags: { 'm.favourite': { order: 1 } } });
    // Removing a tag the room does not have is fine.
    assert.equal((await alice.api.delete(tag(alice, roomId, 'u.none'))).status, 200);
    // The same data is m.tag room account data.
    assert.deepEqual((await alice.api.get(`/user/${r(alice.userId)}/rooms/${r(roomId)}/account_data/m.tag`)).body, { tags: { 'm.favourite': { order: 1 } } });
  });

  test('tags added at the same moment are all kept', async () => {
    const roomId = await createRoom(alice);
    const names = Array.from({ length: 12 }, (_, i) => `u.parallel${i}`);
    const results = await Promise.all(names.map((n) => alice.api.put(tag(alice, roomId, n), {})));
    assert.deepEqual(
      results.map((res) => res.status),
      names.map(() => 200),
    );
    assert.deepEqual(Object.keys((await alice.api.get(tags(alice, roomId))).body.tags).sort(), [...names].sort());
  });

  test('setting a tag the room already has, with the same content, takes no stream position', async () => {
    const roomId = await createRoom(alice);
    assert.equal((await alice.api.put(tag(alice, roomId, 'u.same'), { order: 0.5 })).status, 200);
    const before = ctx.server.deps.notifier.currentPosition;
    assert.equal((await alice.api.put(tag(alice, roomId, 'u.same'), { order: 0.5 })).status, 200);
    assert.equal(ctx.server.deps.notifier.currentPosition, before);
    assert.equal((await alice.api.put(tag(alice, roomId, 'u.same'), { order: 0.75 })).status, 200);
    assert.ok(ctx.server.deps.notifier.currentPosition > before, 'a new order is a change');
  });

  test('tags show in /sync as m.tag room account data, initially and incrementally', async () => {
    const roomId = await createRoom(alice);
    await alice.api.put(tag(alice, roomId, 'm.lowpriority'), { order: 0.5 });
    const initial = (await alice.api.get('/sync?timeout=0')).body as Json;
    const events = initial.rooms.join[roomId].account_data.events as Json[];
    assert.deepEqual(
      events.find((e) => e.type === 'm.tag'),
      { type: 'm.tag', content: { tags: { 'm.lowpriority': { order: 0.5 } } } },
    );
    const poll = alice.api.get(`/sync?timeout=30000&since=${r(initial.next_batch)}`);
    await alice.api.put(tag(alice, roomId, 'u.later'), {});
    const next = (await poll).body as Json;
    assert.deepEqual(next.rooms.join[roomId].account_data.events, [{ type: 'm.tag', content: { tags: { 'm.lowpriority': { order: 0.5 }, 'u.later': {} } } }]);
  });

  test("another user's tags can be neither read nor written", async () => {
    const roomId = await createRoom(alice);
    await alice.api.put(tag(alice, roomId, 'm.favourite'), {});
    expectError(await bob.api.get(tags(alice, roomId)), 403, 'M_FORBIDDEN');
    expectError(await bob.api.put(tag(alice, roomId, 'u.x'), {}), 403, 'M_FORBIDDEN');
    expectError(await bob.api.delete(tag(alice, roomId, 'm.favourite')), 403, 'M_FORBIDDEN');
    assert.deepEqual((await alice.api.get(tags(alice, roomId))).body, { tags: { 'm.favourite': {} } });
  });

  test('bad tags are refused: order outside 0..1, too long a name, too many tags, a bad room ID', async () => {
    const roomId = await createRoom(alice);
    expectError(await alice.api.put(tag(alice, roomId, 'u.x'), { order: 1.5 }), 400, 'M_BAD_JSON');
    expectError(await alice.api.put(tag(alice, roomId, 'u.x'), { order: -0.1 }), 400, 'M_BAD_JSON');
    expectError(await alice.api.put(tag(alice, roomId, 'u.x'), { order: 'first' }), 400, 'M_BAD_JSON');
    expectError(await alice.api.put(tag(alice, roomId, 'x'.repeat(256)), {}), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(tag(alice, 'not-a-room', 'u.x'), {}), 400, 'M_INVALID_PARAM');
    for (let i = 0; i < 100; i++) assert.equal((await alice.api.put(tag(alice, roomId, `u.${i}`), {})).status, 200);
    expectError(await alice.api.put(tag(alice, roomId, 'u.one-too-many'), {}), 403, 'M_FORBIDDEN');
    // Replacing an existing tag is still fine at the limit.
    assert.equal((await alice.api.put(tag(alice, roomId, 'u.0'), { order: 0.1 })).status, 200);
  });
});
