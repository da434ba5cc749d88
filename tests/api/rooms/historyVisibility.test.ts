import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, type ApiResponse, type TestUser } from '../../support/client.ts';
import { createRoom, invite, join, nextTxnId, r, sendText } from '../../support/factories.ts';

const bodies = (chunk: any[]): string[] => chunk.filter((e) => e.type === 'm.room.message').map((e) => e.content.body);

onEachDatabase('history visibility', (ctx) => {
  const { alice, bob, carol } = registerUsersBefore(ctx, ['alice', 'bob', 'carol']);

  const roomWith = (visibility: string) => createRoom(alice, { initial_state: [{ type: 'm.room.history_visibility', content: { history_visibility: visibility } }] });
  const messages = async (user: TestUser, roomId: string): Promise<string[]> => {
    const res = await user.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=100`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return bodies(res.body.chunk).reverse();
  };

  test('shared: a member sees history from before joining, and nothing after leaving', async () => {
    const roomId = await roomWith('shared');
    const before = await sendText(alice, roomId, 'before');
    await invite(alice, roomId, bob.userId);
    await join(bob, roomId);
    const during = await sendText(alice, roomId, 'during');
    assert.equal((await bob.api.post(`/rooms/${r(roomId)}/leave`, {})).status, 200);
    const afterLeave = await sendText(alice, roomId, 'after');
    await alice.api.put(`/rooms/${r(roomId)}/state/m.room.name`, { name: 'Renamed after bob left' });
    await invite(alice, roomId, carol.userId);

    assert.deepEqual(await messages(bob, roomId), ['before', 'during']);
    assert.equal((await bob.api.get(`/rooms/${r(roomId)}/event/${r(before)}`)).status, 200);
    expectError(await bob.api.get(`/rooms/${r(roomId)}/event/${r(afterLeave)}`), 404, 'M_NOT_FOUND');
    const ctx = await bob.api.get(`/rooms/${r(roomId)}/context/${r(during)}?limit=20`);
    assert.equal(ctx.status, 200);
    assert.ok(!bodies(ctx.body.events_after).includes('after'));
    assert.ok(bodies(ctx.body.events_before).includes('before'));
    expectError(await bob.api.get(`/rooms/${r(roomId)}/context/${r(afterLeave)}`), 404, 'M_NOT_FOUND');
    expectError(await bob.api.get(`/rooms/${r(roomId)}/state/m.room.name`), 404, 'M_NOT_FOUND');
    const state = await bob.api.get(`/rooms/${r(roomId)}/state`);
    assert.ok(!state.body.some((e: any) => e.type === 'm.room.name'));
    assert.equal(state.body.find((e: any) => e.state_key === bob.userId).content.membership, 'leave');
    const members = await bob.api.get(`/rooms/${r(roomId)}/members`);
    assert.deepEqual(members.body.chunk.map((e: any) => e.state_key).sort(), [alice.userId, bob.userId].sort());
    // Alice, still joined, sees everything.
    assert.deepEqual(await messages(alice, roomId), ['before', 'during', 'after']);
    assert.equal((await alice.api.get(`/rooms/${r(roomId)}/members`)).body.chunk.length, 3);
  });

  test('invited: history from the invite on, none before; nothing readable while only invited', async () => {
    const roomId = await roomWith('invited');
    const preInvite = await sendText(alice, roomId, 'pre-invite');
    await invite(alice, roomId, bob.userId);
    await sendText(alice, roomId, 'while invited');
    expectError(await bob.api.get(`/rooms/${r(roomId)}/messages?dir=b`), 403, 'M_FORBIDDEN');
    await join(bob, roomId);
    await sendText(alice, roomId, 'joined');
    assert.deepEqual(await messages(bob, roomId), ['while invited', 'joined']);
    expectError(await bob.api.get(`/rooms/${r(roomId)}/event/${r(preInvite)}`), 404, 'M_NOT_FOUND');
    expectError(await bob.api.get(`/rooms/${r(roomId)}/context/${r(preInvite)}`), 404, 'M_NOT_FOUND');
  });

  test('joined: only history from the join on; an invited user reads nothing', async () => {
    const roomId = await roomWith('joined');
    const pre = await sendText(alice, roomId, 'pre');
    await invite(alice, roomId, bob.userId);
    const invitedReads: ApiResponse[] = [
      await bob.api.get(`/rooms/${r(roomId)}/messages?dir=b`),
      await bob.api.get(`/rooms/${r(roomId)}/context/${r(pre)}`),
      await bob.api.get(`/rooms/${r(roomId)}/state`),
      await bob.api.get(`/rooms/${r(roomId)}/state/m.room.create`),
      await bob.api.get(`/rooms/${r(roomId)}/members`),
    ];
    for (const res of invitedReads) expectError(res, 403, 'M_FORBIDDEN');
    // GET /event refuses only with 404, as the spec says.
    expectError(await bob.api.get(`/rooms/${r(roomId)}/event/${r(pre)}`), 404, 'M_NOT_FOUND');
    await sendText(alice, roomId, 'while invited');
    await join(bob, roomId);
    const post = await sendText(alice, roomId, 'post');
    assert.deepEqual(await messages(bob, roomId), ['post']);
    expectError(await bob.api.get(`/rooms/${r(roomId)}/event/${r(pre)}`), 404, 'M_NOT_FOUND');
    expectError(await bob.api.get(`/rooms/${r(roomId)}/context/${r(pre)}`), 404, 'M_NOT_FOUND');
    const ctx = await bob.api.get(`/rooms/${r(roomId)}/context/${r(post)}?limit=10`);
    assert.equal(ctx.status, 200);
    assert.deepEqual(bodies(ctx.body.events_before), []);
    // State and members are current for a joined member, whatever the history setting.
    assert.equal((await bob.api.get(`/rooms/${r(roomId)}/state/m.room.history_visibility`)).body.history_visibility, 'joined');
    assert.equal((await bob.api.get(`/rooms/${r(roomId)}/members`)).body.chunk.length, 2);
  });

  test('world_readable: a non-member reads messages, events, context, state, members and aliases', async () => {
    const roomId = await roomWith('world_readable');
    const first = await sendText(alice, roomId, 'public words');
    await sendText(alice, roomId, 'more words');
    assert.deepEqual(await messages(carol, roomId), ['public words', 'more words']);
    assert.equal((await carol.api.get(`/rooms/${r(roomId)}/event/${r(first)}`)).body.content.body, 'public words');
    const ctx = await carol.api.get(`/rooms/${r(roomId)}/context/${r(first)}`);
    assert.deepEqual(bodies(ctx.body.events_after), ['more words']);
    assert.equal((await carol.api.get(`/rooms/${r(roomId)}/state/m.room.history_visibility`)).body.history_visibility, 'world_readable');
    assert.equal((await carol.api.get(`/rooms/${r(roomId)}/members`)).body.chunk.length, 1);
    assert.deepEqual((await carol.api.get(`/rooms/${r(roomId)}/aliases`)).body, { aliases: [] });
    // Reading is not taking part.
    expectError(await carol.api.get(`/rooms/${r(roomId)}/joined_members`), 403, 'M_FORBIDDEN');
    expectError(await carol.api.put(`/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, { msgtype: 'm.text', body: 'x' }), 403, 'M_FORBIDDEN');
  });

  test('turning world_readable off hides later history from non-members', async () => {
    const roomId = await roomWith('world_readable');
    await sendText(alice, roomId, 'open');
    await alice.api.put(`/rooms/${r(roomId)}/state/m.room.history_visibility`, { history_visibility: 'shared' });
    await sendText(alice, roomId, 'closed');
    expectError(await carol.api.get(`/rooms/${r(roomId)}/messages?dir=b`), 403, 'M_FORBIDDEN');
  });

  test('a private or missing room gives a stranger identical 403 bodies everywhere', async () => {
    const roomId = await createRoom(alice, { preset: 'private_chat', name: 'Secret' });
    const eventId = await sendText(alice, roomId, 'secret');
    const missing = '!doesnotexist:localhost';
    const calls: Array<(room: string) => Promise<ApiResponse>> = [
      (room) => carol.api.get(`/rooms/${r(room)}/messages?dir=b`),
      (room) => carol.api.get(`/rooms/${r(room)}/context/${r(eventId)}`),
      (room) => carol.api.get(`/rooms/${r(room)}/state`),
      (room) => carol.api.get(`/rooms/${r(room)}/state/m.room.name`),
      (room) => carol.api.get(`/rooms/${r(room)}/state/m.room.name/`),
      (room) => carol.api.get(`/rooms/${r(room)}/members`),
      (room) => carol.api.get(`/rooms/${r(room)}/joined_members`),
      (room) => carol.api.get(`/rooms/${r(room)}/aliases`),
      (room) => carol.api.put(`/rooms/${r(room)}/send/m.room.message/${nextTxnId()}`, { msgtype: 'm.text', body: 'x' }),
      (room) => carol.api.put(`/rooms/${r(room)}/state/m.room.topic`, { topic: 'x' }),
      (room) => carol.api.put(`/rooms/${r(room)}/redact/${r(eventId)}/${nextTxnId()}`, {}),
      (room) => carol.api.post(`/rooms/${r(room)}/join`, {}),
      (room) => carol.api.post(`/join/${r(room)}`, {}),
      (room) => carol.api.post(`/knock/${r(room)}`, {}),
      (room) => carol.api.post(`/rooms/${r(room)}/leave`, {}),
      (room) => carol.api.post(`/rooms/${r(room)}/invite`, { user_id: bob.userId }),
      (room) => carol.api.post(`/rooms/${r(room)}/kick`, { user_id: alice.userId }),
      (room) => carol.api.post(`/rooms/${r(room)}/ban`, { user_id: alice.userId }),
      (room) => carol.api.post(`/rooms/${r(room)}/unban`, { user_id: alice.userId }),
    ];
    for (const call of calls) {
      const real = await call(roomId);
      const fake = await call(missing);
      expectError(real, 403, 'M_FORBIDDEN');
      expectError(fake, 403, 'M_FORBIDDEN');
      assert.deepEqual(real.body, fake.body);
    }
    // GET /event refuses only with 404 (the spec's one answer), the same for both.
    const realEvent = await carol.api.get(`/rooms/${r(roomId)}/event/${r(eventId)}`);
    const fakeEvent = await carol.api.get(`/rooms/${r(missing)}/event/${r(eventId)}`);
    expectError(realEvent, 404, 'M_NOT_FOUND');
    assert.deepEqual(realEvent.body, fakeEvent.body);
    // Nothing changed in the room.
    const state = await alice.api.get(`/rooms/${r(roomId)}/members`);
    assert.deepEqual(
      state.body.chunk.map((e: any) => e.state_key),
      [alice.userId],
    );
  });
});
