import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { createRoom, join, r } from '../../support/factories.ts';
import type { TestUser } from '../../support/client.ts';

// As Synapse's deduplicate_state_event: a state event whose type, state key, sender and content
// (as canonical JSON) equal the current one is not appended again; the answer is its event ID.
onEachDatabase('identical state sent twice', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);

  const putState = async (user: TestUser, roomId: string, type: string, key: string, content: Record<string, unknown>) => {
    const res = await user.api.put(`/rooms/${r(roomId)}/state/${r(type)}/${r(key)}`, content);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.event_id as string;
  };
  const timelineIds = async (user: TestUser, roomId: string) => {
    const res = await user.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=100`);
    assert.equal(res.status, 200);
    return (res.body.chunk as Array<{ event_id: string }>).map((e) => e.event_id);
  };

  test('the same content from the same sender returns the current event and appends nothing', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    const first = await putState(alice, roomId, 'm.room.topic', '', { topic: 'hello', 'm.topic': [{ body: 'hello' }] });
    const before = await timelineIds(alice, roomId);
    // Key order does not matter: the comparison is of canonical JSON.
    assert.equal(await putState(alice, roomId, 'm.room.topic', '', { 'm.topic': [{ body: 'hello' }], topic: 'hello' }), first);
    assert.equal(await putState(alice, roomId, 'm.room.topic', '', { topic: 'hello', 'm.topic': [{ body: 'hello' }] }), first);
    assert.deepEqual(await timelineIds(alice, roomId), before);
    // A custom state type with a state key, too.
    const custom = await putState(alice, roomId, 'org.example.flag', 'k', { on: true });
    assert.equal(await putState(alice, roomId, 'org.example.flag', 'k', { on: true }), custom);
  });

  test('changed content, another sender or another state key appends a new event', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat', power_level_content_override: { state_default: 0 } });
    await join(bob, roomId);
    const first = await putState(alice, roomId, 'm.room.topic', '', { topic: 'a' });
    const changed = await putState(alice, roomId, 'm.room.topic', '', { topic: 'b' });
    assert.notEqual(changed, first);
    const byBob = await putState(bob, roomId, 'm.room.topic', '', { topic: 'b' });
    assert.notEqual(byBob, changed);
    const back = await putState(alice, roomId, 'm.room.topic', '', { topic: 'b' });
    assert.notEqual(back, byBob);
    const otherKey = await putState(alice, roomId, 'org.example.flag', 'x', { topic: 'b' });
    assert.notEqual(await putState(alice, roomId, 'org.example.flag', 'y', { topic: 'b' }), otherKey);
    const current = await alice.api.get(`/rooms/${r(roomId)}/state/m.room.topic`);
    assert.deepEqual(current.body, { topic: 'b' });
  });

  test('a sender who left gets no answer from the old event: the send is refused as any other', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat', power_level_content_override: { state_default: 0 } });
    await join(bob, roomId);
    await putState(bob, roomId, 'org.example.flag', '', { on: 1 });
    assert.equal((await bob.api.post(`/rooms/${r(roomId)}/leave`, {})).status, 200);
    const res = await bob.api.put(`/rooms/${r(roomId)}/state/org.example.flag/`, { on: 1 });
    assert.equal(res.status, 403);
    assert.equal(res.body.errcode, 'M_FORBIDDEN');
  });

  test('membership events are never deduplicated here: a repeated member PUT is judged by the membership rules', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    const current = await alice.api.get(`/rooms/${r(roomId)}/state/m.room.member/${r(alice.userId)}`);
    const again = await alice.api.put(`/rooms/${r(roomId)}/state/m.room.member/${r(alice.userId)}`, current.body);
    assert.equal(again.status, 200);
    const ids = await timelineIds(alice, roomId);
    assert.equal(ids[0], again.body.event_id);
  });
});
