import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, type TestUser } from '../../support/client.ts';
import { createRoom, join, nextTxnId, r, sendText } from '../../support/factories.ts';

type Counts = { notification_count: number; highlight_count: number };

onEachDatabase('unread counts and /notifications', (ctx) => {
  const { alice, bob, carol } = registerUsersBefore(ctx, ['alice', 'bob', 'carol']);
  const settled = (): Promise<void> => ctx.server.deps.push.idle();

  async function send(user: TestUser, roomId: string, content: Record<string, unknown>, type = 'm.room.message'): Promise<string> {
    const res = await user.api.put(`/rooms/${r(roomId)}/send/${type}/${nextTxnId()}`, content);
    assert.equal(res.status, 200);
    return res.body.event_id as string;
  }
  async function room(): Promise<string> {
    const roomId = await createRoom(bob, { preset: 'public_chat' });
    await join(alice, roomId);
    await join(carol, roomId);
    return roomId;
  }
  async function countsIn(roomId: string, filter?: unknown): Promise<{ main: Counts; threads?: Record<string, Counts> }> {
    await settled();
    const q = filter ? `&filter=${r(JSON.stringify(filter))}` : '';
    const res = await alice.api.get(`/sync?timeout=0${q}`);
    const joined = res.body.rooms.join[roomId];
    return { main: joined.unread_notifications, threads: joined.unread_thread_notifications };
  }

  test('a mention only in the body notifies without highlighting: spec v1.17 removed the body-mention rules', async () => {
    const roomId = await room();
    assert.equal((await alice.api.put(`/profile/${r(alice.userId)}/displayname`, { displayname: 'Alice Liddell' })).status, 200);
    await sendText(bob, roomId, `hello ${alice.userId}`);
    await sendText(bob, roomId, 'hello Alice Liddell');
    await sendText(bob, roomId, `hello ${alice.localpart}`);
    await send(bob, roomId, { msgtype: 'm.text', body: '@room hello' });
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 4, highlight_count: 0 });
    const rules = (await alice.api.get('/pushrules/')).body.global;
    const ids = [...rules.override, ...rules.content].map((x: { rule_id: string }) => x.rule_id);
    for (const removed of ['.m.rule.contains_display_name', '.m.rule.contains_user_name', '.m.rule.roomnotif']) assert.ok(!ids.includes(removed), removed);
    // m.mentions is what highlights.
    await send(bob, roomId, { msgtype: 'm.text', body: 'Alice Liddell', 'm.mentions': { user_ids: [alice.userId] } });
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 5, highlight_count: 1 });
  });

  test('counts rise with messages and mentions and fall after a read receipt; own events do not count', async () => {
    const roomId = await room();
    await sendText(bob, roomId, 'one');
    await sendText(alice, roomId, 'mine');
    const mention = await send(bob, roomId, { msgtype: 'm.text', body: 'alice!', 'm.mentions': { user_ids: [alice.userId] } });
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 2, highlight_count: 1 });
    const notice = await send(bob, roomId, { msgtype: 'm.notice', body: 'bot says' });
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 2, highlight_count: 1 }, 'notices are suppressed');
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(mention)}`, {})).status, 200);
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 0, highlight_count: 0 });
    await sendText(bob, roomId, 'two');
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 1, highlight_count: 0 });
    // A receipt never moves backwards.
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(notice)}`, {})).status, 200);
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(mention)}`, {})).status, 200);
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 1, highlight_count: 0 });
  });

  test("an ignored user's events notify nobody who ignores them; unignored, they count again", async () => {
    const roomId = await room();
    const ignore = (users: string[]) =>
      alice.api.put(`/user/${r(alice.userId)}/account_data/m.ignored_user_list`, { ignored_users: Object.fromEntries(users.map((u) => [u, {}])) });
    assert.equal((await ignore([carol.userId])).status, 200);
    await send(carol, roomId, { msgtype: 'm.text', body: 'alice?', 'm.mentions': { user_ids: [alice.userId] } });
    await sendText(bob, roomId, 'from bob');
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 1, highlight_count: 0 });
    await settled();
    const listed = await alice.api.get('/notifications');
    assert.ok(listed.body.notifications.every((n: { event: { sender: string } }) => n.event.sender !== carol.userId));
    assert.equal((await ignore([])).status, 200);
    await sendText(carol, roomId, 'heard again');
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 2, highlight_count: 0 });
  });

  test('an incremental sync carries the room when only its counts moved', async () => {
    const roomId = await room();
    const first = await alice.api.get('/sync?timeout=0');
    const eventId = await sendText(bob, roomId, 'hello');
    await settled();
    const next = await alice.api.get(`/sync?timeout=0&since=${first.body.next_batch}`);
    assert.deepEqual(next.body.rooms.join[roomId].unread_notifications, { notification_count: 1, highlight_count: 0 });
    const third = await alice.api.get(`/sync?timeout=0&since=${next.body.next_batch}`);
    assert.equal(third.body.rooms?.join?.[roomId], undefined, 'a quiet room stays out');
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read.private/${r(eventId)}`, {})).status, 200);
    const fourth = await alice.api.get(`/sync?timeout=0&since=${third.body.next_batch}`);
    assert.deepEqual(fourth.body.rooms.join[roomId].unread_notifications, { notification_count: 0, highlight_count: 0 });
  });

  test('thread counts: a threaded receipt clears only its thread, main only the main timeline', async () => {
    const roomId = await room();
    const root = await sendText(bob, roomId, 'root');
    const inThread = (body: string, mention = false) =>
      send(bob, roomId, { msgtype: 'm.text', body, 'm.relates_to': { rel_type: 'm.thread', event_id: root }, ...(mention ? { 'm.mentions': { user_ids: [alice.userId] } } : {}) });
    await inThread('t1');
    const t2 = await inThread('t2', true);
    const filter = { room: { timeline: { unread_thread_notifications: true } } };
    let c = await countsIn(roomId, filter);
    assert.deepEqual(c.main, { notification_count: 1, highlight_count: 0 });
    assert.deepEqual(c.threads, { [root]: { notification_count: 2, highlight_count: 1 } });
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 3, highlight_count: 1 }, 'without the filter, all in one');
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(t2)}`, { thread_id: root })).status, 200);
    c = await countsIn(roomId, filter);
    assert.deepEqual(c.main, { notification_count: 1, highlight_count: 0 });
    assert.deepEqual(c.threads, {});
    await inThread('t3');
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(root)}`, { thread_id: 'main' })).status, 200);
    c = await countsIn(roomId, filter);
    assert.deepEqual(c.main, { notification_count: 0, highlight_count: 0 });
    assert.deepEqual(c.threads, { [root]: { notification_count: 1, highlight_count: 0 } });
    const last = await sendText(bob, roomId, 'main again');
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(last)}`, {})).status, 200);
    c = await countsIn(roomId, filter);
    assert.deepEqual([c.main, c.threads], [{ notification_count: 0, highlight_count: 0 }, {}], 'an unthreaded receipt clears everything');
  });

  test('a redacted event stops counting: counts fall in the next sync and it leaves /notifications', async () => {
    const roomId = await room();
    await sendText(bob, roomId, 'stays');
    const mention = await send(bob, roomId, { msgtype: 'm.text', body: 'alice!', 'm.mentions': { user_ids: [alice.userId] } });
    await settled();
    const before = await alice.api.get('/sync?timeout=0');
    assert.deepEqual(before.body.rooms.join[roomId].unread_notifications, { notification_count: 2, highlight_count: 1 });
    assert.equal((await bob.api.put(`/rooms/${r(roomId)}/redact/${r(mention)}/${nextTxnId()}`, { reason: 'oops' })).status, 200);
    await settled();
    const after = await alice.api.get(`/sync?timeout=0&since=${before.body.next_batch}`);
    assert.deepEqual(after.body.rooms.join[roomId].unread_notifications, { notification_count: 1, highlight_count: 0 });
    const listed = await alice.api.get('/notifications');
    assert.ok(!listed.body.notifications.some((n: { event: { event_id: string } }) => n.event.event_id === mention), 'the redacted event is not a notification');
    assert.ok(listed.body.notifications.some((n: { event: { content: { body?: string } } }) => n.event.content.body === 'stays'));
  });

  test('an event relating to an event in a thread (a reference here) counts in that thread', async () => {
    const roomId = await room();
    const root = await sendText(bob, roomId, 'root');
    const reply = await send(carol, roomId, { msgtype: 'm.text', body: 'in thread', 'm.relates_to': { rel_type: 'm.thread', event_id: root } });
    await send(bob, roomId, { msgtype: 'm.text', body: 'see above', 'm.relates_to': { rel_type: 'm.reference', event_id: reply } });
    await send(bob, roomId, { msgtype: 'm.text', body: 'about the root', 'm.relates_to': { rel_type: 'm.reference', event_id: root } });
    const c = await countsIn(roomId, { room: { timeline: { unread_thread_notifications: true } } });
    assert.deepEqual(c.main, { notification_count: 2, highlight_count: 0 }, 'the root and the reference to it are in the main timeline');
    assert.deepEqual(c.threads, { [root]: { notification_count: 2, highlight_count: 0 } }, 'the reply and the reference to it are in the thread');
  });

  test('room facts change between events: power, display name and a redacted power level are honoured', async () => {
    const roomId = await room();
    assert.equal(
      (await alice.api.put(`/pushrules/global/override/name`, { conditions: [{ kind: 'contains_display_name' }], actions: ['notify', { set_tweak: 'highlight' }] })).status,
      200,
    );
    await sendText(carol, roomId, 'hi Alfie');
    await send(carol, roomId, { msgtype: 'm.text', body: '@room', 'm.mentions': { room: true } });
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 2, highlight_count: 0 }, 'no name yet; carol may not notify the room');
    // Each change is a state event evaluated before the next message: the evaluator must not use what it read before.
    assert.equal((await alice.api.put(`/profile/${r(alice.userId)}/displayname`, { displayname: 'Alfie' })).status, 200);
    const pl = (await bob.api.get(`/rooms/${r(roomId)}/state/m.room.power_levels/`)).body;
    const raised = await bob.api.put(`/rooms/${r(roomId)}/state/m.room.power_levels/`, { ...pl, users: { ...pl.users, [carol.userId]: 50 } });
    assert.equal(raised.status, 200);
    await sendText(carol, roomId, 'hi Alfie');
    await send(carol, roomId, { msgtype: 'm.text', body: '@room', 'm.mentions': { room: true } });
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 4, highlight_count: 2 });
    // Room mentions need 100 now; redacting that power levels event drops `notifications` (the
    // redaction algorithm keeps `users`), so carol's 50 is enough again.
    const strict = await bob.api.put(`/rooms/${r(roomId)}/state/m.room.power_levels/`, { ...pl, users: { ...pl.users, [carol.userId]: 50 }, notifications: { room: 100 } });
    assert.equal(strict.status, 200);
    await send(carol, roomId, { msgtype: 'm.text', body: '@room', 'm.mentions': { room: true } });
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 5, highlight_count: 2 });
    assert.equal((await bob.api.put(`/rooms/${r(roomId)}/redact/${r(strict.body.event_id)}/${nextTxnId()}`, {})).status, 200);
    await send(carol, roomId, { msgtype: 'm.text', body: '@room', 'm.mentions': { room: true } });
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 6, highlight_count: 3 });
    assert.equal((await alice.api.delete(`/pushrules/global/override/name`)).status, 200);
  });

  test('conditions through real events: room mention needs power, one-to-one, display name rule, sender rule', async () => {
    const roomId = await room();
    await send(carol, roomId, { msgtype: 'm.text', body: '@room', 'm.mentions': { room: true } });
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 1, highlight_count: 0 }, 'carol has no power to notify the room');
    await send(bob, roomId, { msgtype: 'm.text', body: '@room', 'm.mentions': { room: true } });
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 2, highlight_count: 1 }, 'bob created the room: power 100');
    assert.equal(
      (await alice.api.put(`/pushrules/global/override/name`, { conditions: [{ kind: 'contains_display_name' }], actions: ['notify', { set_tweak: 'highlight' }] })).status,
      200,
    );
    assert.equal((await alice.api.put(`/profile/${r(alice.userId)}/displayname`, { displayname: 'Alicia' })).status, 200);
    await sendText(carol, roomId, 'hi alicia');
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 3, highlight_count: 2 });
    assert.equal((await alice.api.delete(`/pushrules/global/override/name`)).status, 200);
    assert.equal((await alice.api.put(`/pushrules/global/sender/${r(carol.userId)}`, { actions: [] })).status, 200);
    await sendText(carol, roomId, 'ignored');
    await send(carol, roomId, { alt: ['a', 'b'] }, 'org.example.custom');
    // Rules apply as of evaluation, which follows the commit: let it pass before the next rule change.
    await settled();
    assert.equal(
      (
        await alice.api.put(`/pushrules/global/override/custom`, {
          conditions: [
            { kind: 'event_property_contains', key: 'content.alt', value: 'b' },
            { kind: 'room_member_count', is: '>=3' },
          ],
          actions: ['notify'],
        })
      ).status,
      200,
    );
    await send(bob, roomId, { alt: ['b'] }, 'org.example.custom');
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 4, highlight_count: 2 });
    assert.equal((await alice.api.delete(`/pushrules/global/override/custom`)).status, 200);
    assert.equal((await alice.api.delete(`/pushrules/global/sender/${r(carol.userId)}`)).status, 200);
    const dm = await createRoom(bob, { preset: 'private_chat', invite: [alice.userId] });
    await join(alice, dm);
    await sendText(bob, dm, 'psst');
    await settled();
    const page = await alice.api.get('/notifications?limit=1');
    assert.equal(page.status, 200);
    assert.equal(page.body.notifications[0].room_id, dm);
    assert.deepEqual(page.body.notifications[0].actions, ['notify', { set_tweak: 'sound', value: 'default' }], '.m.rule.room_one_to_one');
  });

  test('event_match through a content rule, and an invite notifies its target', async () => {
    const roomId = await room();
    assert.equal((await alice.api.put(`/pushrules/global/content/coffee`, { pattern: 'cof?ee', actions: ['notify', { set_tweak: 'highlight' }] })).status, 200);
    await sendText(bob, roomId, 'Coffee, anyone?');
    await sendText(bob, roomId, 'coffees are gone');
    assert.deepEqual((await countsIn(roomId)).main, { notification_count: 2, highlight_count: 1 }, 'only a whole word between boundaries highlights');
    assert.equal((await alice.api.delete(`/pushrules/global/content/coffee`)).status, 200);
    const invited = await createRoom(bob, { preset: 'private_chat' });
    assert.equal((await bob.api.post(`/rooms/${r(invited)}/invite`, { user_id: alice.userId })).status, 200);
    await settled();
    const list = await alice.api.get('/notifications?limit=1');
    assert.equal(list.body.notifications[0].room_id, invited);
    assert.equal(list.body.notifications[0].event.type, 'm.room.member');
    assert.deepEqual(list.body.notifications[0].actions, ['notify', { set_tweak: 'sound', value: 'default' }], '.m.rule.invite_for_me');
  });

  test('/notifications pages newest first, marks read, and filters only=highlight', async () => {
    const roomId = await room();
    const a = await sendText(bob, roomId, 'n1');
    await send(bob, roomId, { msgtype: 'm.text', body: 'n2', 'm.mentions': { user_ids: [alice.userId] } });
    await sendText(bob, roomId, 'n3');
    await settled();
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(a)}`, {})).status, 200);
    const p1 = await alice.api.get('/notifications?limit=2');
    assert.equal(p1.status, 200);
    assert.deepEqual(
      p1.body.notifications.map((n: { event: { content: { body: string } }; read: boolean }) => [n.event.content.body, n.read]),
      [
        ['n3', false],
        ['n2', false],
      ],
    );
    assert.ok(p1.body.next_token);
    const p2 = await alice.api.get(`/notifications?limit=1&from=${p1.body.next_token}`);
    assert.deepEqual(
      p2.body.notifications.map((n: { event: { content: { body: string } }; read: boolean; room_id: string }) => [n.event.content.body, n.read, n.room_id]),
      [['n1', true, roomId]],
    );
    const high = await alice.api.get('/notifications?only=highlight&limit=1');
    assert.equal(high.body.notifications[0].event.content.body, 'n2');
    expectError(await alice.api.get('/notifications?from=abc'), 400, 'M_INVALID_PARAM');
  });
});
