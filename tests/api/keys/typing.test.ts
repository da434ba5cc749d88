import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, type TestUser } from '../../support/client.ts';
import { createRoom, join, r } from '../../support/factories.ts';
import { ephemeralOf, syncOnce } from '../../support/e2eeClient.ts';

onEachDatabase('typing notifications', (ctx) => {
  const { alice, bob, eve } = registerUsersBefore(ctx, ['alice', 'bob', 'eve']);
  let roomId: string;
  before(async () => {
    roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
  });

  const typing = (user: TestUser, body: Record<string, unknown>, as = user.userId) => user.api.put(`/rooms/${r(roomId)}/typing/${r(as)}`, body);

  test('starting and stopping typing reach the other members in ephemeral m.typing', async () => {
    const base = await syncOnce(bob);
    assert.deepEqual(ephemeralOf(base, roomId, 'm.typing'), []);
    const polling = syncOnce(bob, base.next_batch, { timeout: 20_000 });
    const res = await typing(alice, { typing: true, timeout: 30_000 });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {});
    const woke = await polling;
    assert.deepEqual(ephemeralOf(woke, roomId, 'm.typing'), [{ type: 'm.typing', content: { user_ids: [alice.userId] } }]);
    // Someone typing shows in an initial sync; an unchanged set is not repeated.
    assert.deepEqual(ephemeralOf(await syncOnce(bob), roomId, 'm.typing')[0].content.user_ids, [alice.userId]);
    const refresh = await typing(alice, { typing: true, timeout: 30_000 });
    assert.equal(refresh.status, 200);
    const quiet = await syncOnce(bob, woke.next_batch);
    assert.deepEqual(ephemeralOf(quiet, roomId, 'm.typing'), []);

    await typing(bob, { typing: true, timeout: 30_000 });
    const both = await syncOnce(alice, woke.next_batch);
    assert.deepEqual(ephemeralOf(both, roomId, 'm.typing')[0].content.user_ids, [alice.userId, bob.userId].sort());

    const stop = await typing(alice, { typing: false });
    assert.equal(stop.status, 200);
    await typing(bob, { typing: false });
    const stopped = await syncOnce(bob, both.next_batch);
    assert.deepEqual(ephemeralOf(stopped, roomId, 'm.typing'), [{ type: 'm.typing', content: { user_ids: [] } }]);
    assert.deepEqual(ephemeralOf(await syncOnce(bob), roomId, 'm.typing'), []);
  });

  test('typing ends by itself when its timeout passes', async () => {
    const base = await syncOnce(bob);
    const res = await typing(alice, { typing: true, timeout: 1 });
    assert.equal(res.status, 200);
    // Follow bob's syncs until the typing set is empty again (the expiry wakes him).
    let since = base.next_batch as string;
    let last: unknown[] | undefined;
    for (let i = 0; i < 10 && !(last && last.length === 0); i++) {
      const s = await syncOnce(bob, since, { timeout: 10_000 });
      since = s.next_batch;
      const ev = ephemeralOf(s, roomId, 'm.typing')[0];
      if (ev) last = ev.content.user_ids;
    }
    assert.deepEqual(last, []);
    assert.deepEqual(ephemeralOf(await syncOnce(bob), roomId, 'm.typing'), []);
  });

  test('typing is refused for another user, outside the room, and with a bad body', async () => {
    expectError(await typing(alice, { typing: true, timeout: 1000 }, bob.userId), 403, 'M_FORBIDDEN');
    expectError(await typing(eve, { typing: true, timeout: 1000 }), 403, 'M_FORBIDDEN');
    expectError(await eve.api.put(`/rooms/${r('!nothere:localhost')}/typing/${r(eve.userId)}`, { typing: true }), 403, 'M_FORBIDDEN');
    expectError(await typing(alice, { timeout: 1000 }), 400, 'M_BAD_JSON');
    expectError(await typing(alice, { typing: 'yes' }), 400, 'M_BAD_JSON');
    expectError(await alice.api.put(`/rooms/not-a-room/typing/${r(alice.userId)}`, { typing: true }), 400, 'M_INVALID_PARAM');
    const s = await syncOnce(bob);
    assert.deepEqual(ephemeralOf(s, roomId, 'm.typing'), []);
  });
});
