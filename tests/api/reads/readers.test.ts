import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import type { TestUser } from '../../support/client.ts';
import { createRoom, join, r, sendText } from '../../support/factories.ts';
import { MatrixError } from '../../../apps/server/src/errors/MatrixError.ts';
import { viewerOf, type Viewer } from '../../../apps/server/src/reads/Viewer.ts';
import { readEvent } from '../../../apps/server/src/reads/readEvent.ts';
import { readRoomEvents } from '../../../apps/server/src/reads/readRoomEvents.ts';
import { readContext } from '../../../apps/server/src/reads/readContext.ts';
import { readMembers } from '../../../apps/server/src/reads/readMembers.ts';
import { readStateAt } from '../../../apps/server/src/reads/readStateAt.ts';
import { readStateEvent } from '../../../apps/server/src/reads/readStateEvent.ts';
import { readRoomInitialSync } from '../../../apps/server/src/reads/readRoomInitialSync.ts';

/** unsigned.age depends on when the event was formatted: everything else must be identical. */
function withoutAge(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutAge);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (k === 'age' ? [] : [[k, withoutAge(v)]])));
}

const viewer = (u: TestUser): Viewer => viewerOf({ userId: u.userId as never, deviceId: u.deviceId as never });

// Each reader against its route: a Viewer gets exactly what the route returns, refusals included.
onEachDatabase('readers', (ctx) => {
  const { alice, bob, carol, mallory } = registerUsersBefore(ctx, ['alice', 'bob', 'carol', 'mallory']);
  let roomId: string;
  let early: string;
  let late: string;
  let leftAt: string;
  before(async () => {
    roomId = await createRoom(alice, { preset: 'private_chat', name: 'Readers', invite: [bob.userId, carol.userId] });
    await alice.api.put(`/rooms/${r(roomId)}/state/m.room.history_visibility/`, { history_visibility: 'joined' });
    early = await sendText(alice, roomId, 'before bob');
    await join(bob, roomId);
    await join(carol, roomId);
    for (let i = 0; i < 6; i++) await sendText(i % 2 ? alice : bob, roomId, `m${i}`);
    await carol.api.post(`/rooms/${r(roomId)}/leave`, {});
    leftAt = (await carol.api.get('/sync')).body.next_batch;
    late = await sendText(alice, roomId, 'after carol left');
  });

  const same = async (user: TestUser, path: string, read: () => Promise<unknown>): Promise<void> => {
    // Push evaluation commits after each send and moves the stream, so /messages' start token
    // would differ between the two reads: let it finish first.
    await ctx.server.deps.push.idle();
    const res = await user.api.get(`/rooms/${r(roomId)}${path}`);
    let direct: unknown;
    try {
      direct = { status: 200, body: await read() };
    } catch (err) {
      assert.ok(err instanceof MatrixError, String(err));
      direct = { status: res.status, body: { errcode: err.errcode } };
    }
    const route = res.status === 200 ? { status: 200, body: res.body } : { status: res.status, body: { errcode: res.body.errcode } };
    assert.deepEqual(withoutAge(direct), withoutAge(route), path);
  };

  test('readRoomEvents is /messages', async () => {
    const d = ctx.server.deps;
    for (const user of [alice, bob, carol, mallory]) {
      await same(user, '/messages?dir=b&limit=4', () => readRoomEvents(d, viewer(user), roomId, { dir: 'b', limit: 4 }));
      await same(user, '/messages?dir=f&limit=50', () => readRoomEvents(d, viewer(user), roomId, { dir: 'f', limit: 50 }));
    }
    const filter = JSON.stringify({ lazy_load_members: true, types: ['m.room.message'] });
    await same(bob, `/messages?dir=b&filter=${r(filter)}`, () => readRoomEvents(d, viewer(bob), roomId, { dir: 'b', filter }));
  });

  test('readEvent is /event/{eventId}: hidden, beyond a departure, or refused alike', async () => {
    const d = ctx.server.deps;
    for (const user of [alice, bob, carol, mallory]) {
      for (const id of [early, late, '$missing']) await same(user, `/event/${r(id)}`, () => readEvent(d, viewer(user), roomId, id));
    }
  });

  test('readContext is /context/{eventId}', async () => {
    const d = ctx.server.deps;
    for (const user of [alice, bob, carol, mallory]) {
      for (const id of [early, late]) await same(user, `/context/${r(id)}?limit=4`, () => readContext(d, viewer(user), roomId, id, { limit: 4 }));
    }
  });

  test('readMembers is /members, with ?at= and membership filters', async () => {
    const d = ctx.server.deps;
    for (const user of [alice, bob, carol, mallory]) {
      await same(user, '/members', () => readMembers(d, viewer(user), roomId, {}));
      await same(user, '/members?membership=join', () => readMembers(d, viewer(user), roomId, { membership: 'join' }));
      await same(user, `/members?at=${r(leftAt)}`, () => readMembers(d, viewer(user), roomId, { at: leftAt }));
      await same(user, '/members?at=s1', () => readMembers(d, viewer(user), roomId, { at: 's1' }));
    }
  });

  test('readStateAt and readStateEvent are /state and /state/{type}/{key}', async () => {
    const d = ctx.server.deps;
    for (const user of [alice, bob, carol, mallory]) {
      await same(user, '/state', () => readStateAt(d, viewer(user), roomId));
      await same(user, '/state/m.room.name/', () => readStateEvent(d, viewer(user), roomId, 'm.room.name', ''));
      await same(user, '/state/m.room.name?format=event', () => readStateEvent(d, viewer(user), roomId, 'm.room.name', '', 'event'));
      await same(user, '/state/m.room.topic', () => readStateEvent(d, viewer(user), roomId, 'm.room.topic', ''));
    }
  });

  test('readRoomInitialSync is /initialSync', async () => {
    const d = ctx.server.deps;
    for (const user of [alice, bob, carol, mallory]) {
      await same(user, '/initialSync', () => readRoomInitialSync(d, viewer(user), roomId));
      await same(user, '/initialSync?limit=3', () => readRoomInitialSync(d, viewer(user), roomId, 3));
    }
  });
});
