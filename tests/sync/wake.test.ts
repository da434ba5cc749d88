import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { registerUsersBefore } from '../support/registerUsersBefore.ts';
import type { TestUser } from '../support/client.ts';
import { createRoom, invite, join, r, sendText } from '../support/factories.ts';

type Json = Record<string, any>;

/** Who gets woken (Zulip's capture_send_event_calls): an event wakes its audience and no one else. */
onEachDatabase('who gets woken', (ctx) => {
  const { alice, bob, carol, dave } = registerUsersBefore(ctx, ['alice', 'bob', 'carol', 'dave']);
  let roomA: string;
  let roomB: string;
  /** The user lists passed to deps.notifier.notify, one entry per call, without the rooms' peek keys. */
  let notified: string[][] = [];
  /** The peek keys (GET /events?room_id= waiters) those calls woke. */
  let peeked: string[] = [];
  /** The users woken because their unread counts moved (push actions written after an event's commit), kept apart. */
  let pushed: string[][] = [];

  before(async () => {
    roomA = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomA);
    roomB = await createRoom(carol, { preset: 'public_chat' });
    // Observe the real notifier through the server object: record, then pass on unchanged.
    const notifier = ctx.server.deps.notifier;
    const original = notifier.notify.bind(notifier);
    notifier.notify = (position, userIds, kinds, fromPeer) => {
      const users = [...userIds];
      if (kinds?.length === 1 && kinds[0] === 'notifications') pushed.push(users);
      else notified.push(users.filter((u) => !u.startsWith('peek:')));
      peeked.push(...users.filter((u) => u.startsWith('peek:')));
      original(position, users, kinds, fromPeer);
    };
  });

  async function sinceNow(user: TestUser): Promise<string> {
    const res = await user.api.get('/sync?timeout=0');
    assert.equal(res.status, 200);
    return res.body.next_batch as string;
  }
  function longPoll(user: TestUser, since: string, timeoutMs: number): Promise<Json> {
    return user.api.get(`/sync?since=${r(since)}&timeout=${timeoutMs}`).then((res) => {
      assert.equal(res.status, 200);
      return res.body as Json;
    });
  }
  async function untilWaiting(n: number): Promise<void> {
    while (ctx.server.deps.notifier.waitingUsers < n) await new Promise((res) => setTimeout(res, 5));
  }

  test("a message wakes the long-polls of its room's members only", { timeout: 20_000 }, async () => {
    const [sa, sb, sc, sd] = [await sinceNow(alice), await sinceNow(bob), await sinceNow(carol), await sinceNow(dave)];
    // Members of room A wait longer than the test may run: only a wake-up ends their polls in time.
    const pollA = longPoll(alice, sa, 60_000);
    const pollB = longPoll(bob, sb, 60_000);
    // Carol (room B) and dave (no room) must sit out their whole timeout and get nothing.
    const pollC = longPoll(carol, sc, 1_500);
    const pollD = longPoll(dave, sd, 1_500);
    await untilWaiting(4);
    notified = [];
    peeked = [];
    pushed = [];
    const eventId = await sendText(bob, roomA, 'only for room A');
    const [a, b] = await Promise.all([pollA, pollB]);
    for (const res of [a, b])
      assert.deepEqual(
        res.rooms.join[roomA].timeline.events.map((e: Json) => e.event_id),
        [eventId],
      );
    const [c, d] = await Promise.all([pollC, pollD]);
    for (const res of [c, d]) {
      assert.deepEqual(res.rooms.join, {});
      assert.deepEqual(res.rooms.invite, {});
      assert.deepEqual(res.rooms.leave, {});
    }
    assert.deepEqual(
      notified.map((u) => [...u].sort()),
      [[alice.userId, bob.userId].sort()],
    );
    // And whoever peeks into room A, and no other room.
    assert.deepEqual(peeked, [`peek:${roomA}`]);
    // Push evaluation then wakes the member the message notifies (not its sender), for unread counts only.
    await ctx.server.deps.push.idle();
    assert.deepEqual(pushed, [[alice.userId]]);
  });

  test('notify gets exactly the joined members, plus the target of a membership change', async () => {
    notified = [];
    await sendText(carol, roomB, 'alone');
    assert.deepEqual(notified, [[carol.userId]]);

    notified = [];
    await invite(alice, roomA, dave.userId);
    assert.deepEqual(
      notified.map((u) => [...u].sort()),
      [[alice.userId, bob.userId, dave.userId].sort()],
    );

    notified = [];
    assert.equal((await alice.api.post(`/rooms/${r(roomA)}/kick`, { user_id: bob.userId })).status, 200);
    // Bob is no longer joined but is the kick's target: he must learn of it.
    assert.deepEqual(
      notified.map((u) => [...u].sort()),
      [[alice.userId, bob.userId].sort()],
    );

    notified = [];
    await join(bob, roomA);
    await sendText(alice, roomA, 'welcome back');
    assert.deepEqual(
      notified.map((u) => [...u].sort()),
      [[alice.userId, bob.userId].sort(), [alice.userId, bob.userId].sort()],
    );
  });

  test("a kicked user's long-poll is woken with the room in leave", { timeout: 20_000 }, async () => {
    // The last test's message is still being evaluated for push: its commit would wake this poll first.
    await ctx.server.deps.push.idle();
    const since = await sinceNow(bob);
    const poll = longPoll(bob, since, 60_000);
    await untilWaiting(1);
    assert.equal((await alice.api.post(`/rooms/${r(roomA)}/kick`, { user_id: bob.userId })).status, 200);
    const res = await poll;
    assert.equal(res.rooms.leave[roomA].timeline.events.at(-1).content.membership, 'leave');
    assert.equal(res.rooms.join[roomA], undefined);
  });
});
