import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, type TestUser } from '../../support/client.ts';
import { createRoom, invite, join, r, sendText } from '../../support/factories.ts';

const find = (user: TestUser, roomId: string, query: string) => user.api.get(`/_matrix/client/v1/rooms/${r(roomId)}/timestamp_to_event?${query}`);
const tsOf = async (user: TestUser, roomId: string, eventId: string): Promise<number> => (await user.api.get(`/rooms/${r(roomId)}/event/${r(eventId)}`)).body.origin_server_ts;
const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 5));

onEachDatabase('timestamp_to_event', (ctx) => {
  const { alice, bob, mallory } = registerUsersBefore(ctx, ['alice', 'bob', 'mallory']);
  let roomId: string;
  const events: Array<{ id: string; ts: number }> = [];
  before(async () => {
    roomId = await createRoom(alice, { preset: 'private_chat' });
    await invite(alice, roomId, bob.userId);
    await join(bob, roomId);
    for (const body of ['one', 'two', 'three']) {
      await pause();
      const id = await sendText(alice, roomId, body);
      events.push({ id, ts: await tsOf(alice, roomId, id) });
      await pause();
    }
  });

  test('forwards: the first event at or after ts; backwards: the last at or before it', async () => {
    const [one, two, three] = events as [(typeof events)[0], (typeof events)[0], (typeof events)[0]];
    assert.deepEqual((await find(bob, roomId, `ts=${two.ts}&dir=f`)).body, { event_id: two.id, origin_server_ts: two.ts });
    assert.deepEqual((await find(bob, roomId, `ts=${two.ts}&dir=b`)).body, { event_id: two.id, origin_server_ts: two.ts });
    assert.deepEqual((await find(bob, roomId, `ts=${two.ts + 1}&dir=f`)).body, { event_id: three.id, origin_server_ts: three.ts });
    assert.deepEqual((await find(bob, roomId, `ts=${two.ts - 1}&dir=b`)).body, { event_id: one.id, origin_server_ts: one.ts });
  });

  test('nothing in that direction is 404 M_NOT_FOUND', async () => {
    const last = events.at(-1)!;
    expectError(await find(bob, roomId, `ts=${last.ts + 60_000}&dir=f`), 404, 'M_NOT_FOUND');
    expectError(await find(bob, roomId, 'ts=0&dir=b'), 404, 'M_NOT_FOUND');
    // The room's first event (its creation) is found going forwards from the epoch.
    const first = await find(bob, roomId, 'ts=0&dir=f');
    assert.equal(first.status, 200);
    assert.equal((await alice.api.get(`/rooms/${r(roomId)}/event/${r(first.body.event_id)}`)).body.type, 'm.room.create');
  });

  test('bad ts or dir is 400', async () => {
    expectError(await find(bob, roomId, 'ts=abc&dir=f'), 400, 'M_INVALID_PARAM');
    expectError(await find(bob, roomId, 'ts=-5&dir=f'), 400, 'M_INVALID_PARAM');
    expectError(await find(bob, roomId, 'ts=5&dir=x'), 400, 'M_INVALID_PARAM');
    expectError(await find(bob, roomId, 'dir=f'), 400, 'M_MISSING_PARAM');
    expectError(await find(bob, roomId, 'ts=5'), 400, 'M_MISSING_PARAM');
    expectError(await find(bob, 'not-a-room', 'ts=5&dir=f'), 400, 'M_INVALID_PARAM');
  });

  test('outsiders of a room that is not world_readable get 403, as for an unknown room; world_readable rooms answer anyone', async () => {
    const hidden = await find(mallory, roomId, 'ts=0&dir=f');
    expectError(hidden, 403, 'M_FORBIDDEN');
    const unknown = await find(mallory, '!nosuchroom:localhost', 'ts=0&dir=f');
    assert.deepEqual(hidden.body, unknown.body);
    const open = await createRoom(alice, {
      preset: 'public_chat',
      initial_state: [{ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'world_readable' } }],
    });
    const id = await sendText(alice, open, 'for all');
    const res = await find(mallory, open, `ts=${await tsOf(alice, open, id)}&dir=f`);
    assert.equal(res.body.event_id, id);
  });

  test('history visibility holds: a late joiner finds no event from before they could see, a former member nothing after they left', async () => {
    const room = await createRoom(alice, {
      preset: 'public_chat',
      initial_state: [{ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'joined' } }],
    });
    const early = await sendText(alice, room, 'before bob');
    const earlyTs = await tsOf(alice, room, early);
    await pause();
    await join(bob, room);
    // Bob may not see "before bob": he is answered with an earlier event he may see (the room's
    // set-up, sent while history was still shared), never with the hidden one.
    const seen = await find(bob, room, `ts=${earlyTs}&dir=b`);
    assert.equal(seen.status, 200);
    assert.notEqual(seen.body.event_id, early);
    assert.ok(seen.body.origin_server_ts <= earlyTs);
    assert.equal((await bob.api.get(`/rooms/${r(room)}/event/${r(seen.body.event_id)}`)).status, 200);
    expectError(await bob.api.get(`/rooms/${r(room)}/event/${r(early)}`), 404, 'M_NOT_FOUND');
    assert.equal((await find(alice, room, `ts=${earlyTs}&dir=b`)).body.event_id, early);
    await pause();
    assert.equal((await bob.api.post(`/rooms/${r(room)}/leave`, {})).status, 200);
    await pause();
    const after = await sendText(alice, room, 'after bob');
    const afterTs = await tsOf(alice, room, after);
    assert.equal((await find(alice, room, `ts=${afterTs}&dir=f`)).body.event_id, after);
    const res = await find(bob, room, `ts=${afterTs}&dir=f`);
    expectError(res, 404, 'M_NOT_FOUND');
  });
});
