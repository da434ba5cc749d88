import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, registerUser } from '../../support/client.ts';
import { createRoom, join, r } from '../../support/factories.ts';

onEachDatabase('room state', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  let roomId: string;
  before(async () => {
    roomId = await createRoom(alice, { preset: 'public_chat', name: 'Stateful' });
    await join(bob, roomId);
  });

  test('GET /state returns every current state event as client events', async () => {
    const res = await bob.api.get(`/rooms/${r(roomId)}/state`);
    assert.equal(res.status, 200);
    assert.ok(Array.isArray(res.body));
    const keys = res.body.map((e: any) => `${e.type}|${e.state_key}`).sort();
    for (const k of ['m.room.create|', 'm.room.power_levels|', 'm.room.join_rules|', 'm.room.name|', `m.room.member|${alice.userId}`, `m.room.member|${bob.userId}`]) {
      assert.ok(keys.includes(k), `missing ${k}`);
    }
    const name = res.body.find((e: any) => e.type === 'm.room.name');
    assert.equal(name.content.name, 'Stateful');
    assert.equal(name.room_id, roomId);
    assert.equal(name.sender, alice.userId);
    assert.equal(typeof name.event_id, 'string');
    assert.equal(typeof name.origin_server_ts, 'number');
  });

  test('GET one state event: content by default, the whole event with format=event', async () => {
    const content = await bob.api.get(`/rooms/${r(roomId)}/state/m.room.member/${r(alice.userId)}`);
    assert.equal(content.body.membership, 'join');
    assert.equal(content.body.type, undefined);
    const ev = await bob.api.get(`/rooms/${r(roomId)}/state/m.room.member/${r(alice.userId)}?format=event`);
    assert.equal(ev.body.type, 'm.room.member');
    assert.equal(ev.body.state_key, alice.userId);
    assert.equal(ev.body.content.membership, 'join');
    expectError(await bob.api.get(`/rooms/${r(roomId)}/state/m.room.member/${r(alice.userId)}?format=xml`), 400, 'M_INVALID_PARAM');
  });

  test('the empty state key works with and without a trailing slash', async () => {
    const noSlash = await bob.api.get(`/rooms/${r(roomId)}/state/m.room.name`);
    const slash = await bob.api.get(`/rooms/${r(roomId)}/state/m.room.name/`);
    assert.deepEqual(noSlash.body, { name: 'Stateful' });
    assert.deepEqual(slash.body, { name: 'Stateful' });
    const put = await alice.api.put(`/rooms/${r(roomId)}/state/m.room.topic/`, { topic: 'slash' });
    assert.equal(put.status, 200);
    assert.equal((await bob.api.get(`/rooms/${r(roomId)}/state/m.room.topic`)).body.topic, 'slash');
    const put2 = await alice.api.put(`/rooms/${r(roomId)}/state/m.room.topic`, { topic: 'no slash' });
    assert.equal(put2.status, 200);
    assert.equal((await bob.api.get(`/rooms/${r(roomId)}/state/m.room.topic/`)).body.topic, 'no slash');
  });

  test('a missing state event is M_NOT_FOUND', async () => {
    expectError(await bob.api.get(`/rooms/${r(roomId)}/state/m.room.avatar`), 404, 'M_NOT_FOUND');
    expectError(await bob.api.get(`/rooms/${r(roomId)}/state/m.room.member/${r('@nobody:localhost')}`), 404, 'M_NOT_FOUND');
  });

  test('PUT state returns the event ID, and the new content is read back', async () => {
    const res = await alice.api.put(`/rooms/${r(roomId)}/state/org.example.thing/key1`, { answer: 42 });
    assert.equal(res.status, 200);
    assert.match(res.body.event_id, /^\$/);
    const ev = await bob.api.get(`/rooms/${r(roomId)}/state/org.example.thing/key1?format=event`);
    assert.equal(ev.body.event_id, res.body.event_id);
    assert.deepEqual(ev.body.content, { answer: 42 });
  });

  test('PUT state below the needed power level is 403 M_FORBIDDEN and changes nothing', async () => {
    expectError(await bob.api.put(`/rooms/${r(roomId)}/state/m.room.name`, { name: 'Hijacked' }), 403, 'M_FORBIDDEN');
    expectError(await bob.api.put(`/rooms/${r(roomId)}/state/m.room.power_levels`, { users: { [bob.userId]: 100 } }), 403, 'M_FORBIDDEN');
    expectError(await bob.api.put(`/rooms/${r(roomId)}/state/org.example.thing/key1`, { answer: 0 }), 403, 'M_FORBIDDEN');
    assert.equal((await bob.api.get(`/rooms/${r(roomId)}/state/m.room.name`)).body.name, 'Stateful');
    assert.deepEqual((await bob.api.get(`/rooms/${r(roomId)}/state/org.example.thing/key1`)).body, { answer: 42 });
  });

  test("raising a member's power lets them change state", async () => {
    const pl = (await alice.api.get(`/rooms/${r(roomId)}/state/m.room.power_levels`)).body;
    pl.users[bob.userId] = 50;
    assert.equal((await alice.api.put(`/rooms/${r(roomId)}/state/m.room.power_levels`, pl)).status, 200);
    assert.equal((await bob.api.put(`/rooms/${r(roomId)}/state/m.room.name`, { name: 'Renamed' })).status, 200);
    assert.equal((await alice.api.get(`/rooms/${r(roomId)}/state/m.room.name`)).body.name, 'Renamed');
    // Still not enough for power levels (100).
    expectError(await bob.api.put(`/rooms/${r(roomId)}/state/m.room.power_levels`, { ...pl, users: { ...pl.users, [bob.userId]: 100 } }), 403, 'M_FORBIDDEN');
  });

  test('malformed state requests are 400s', async () => {
    expectError(await alice.api.request('PUT', `/rooms/${r(roomId)}/state/m.room.topic`, undefined, { rawBody: '[1,2]' }), 400, 'M_NOT_JSON');
    expectError(await alice.api.put(`/rooms/${r(roomId)}/state/org.example/${'k'.repeat(300)}`, {}), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.get(`/rooms/${r('not-a-room')}/state`), 400, 'M_INVALID_PARAM');
  });

  test('a stranger cannot write state into a room', async () => {
    const carol = await registerUser(ctx.server.url);
    const res = await carol.api.put(`/rooms/${r(roomId)}/state/m.room.topic`, { topic: 'x' });
    const missing = await carol.api.put(`/rooms/${r('!missing:localhost')}/state/m.room.topic`, { topic: 'x' });
    expectError(res, 403, 'M_FORBIDDEN');
    expectError(missing, 403, 'M_FORBIDDEN');
    assert.deepEqual(res.body, missing.body);
  });
});
