import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { createRoom, join, r } from '../../support/factories.ts';

interface SyncEvent {
  type: string;
  state_key?: string;
  content: Record<string, unknown>;
}

onEachDatabase('profile changes in rooms', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  let joinedA: string;
  let joinedB: string;
  let left: string;
  let banned: string;
  before(async () => {
    joinedA = await createRoom(bob, { preset: 'public_chat' });
    joinedB = await createRoom(bob, { preset: 'private_chat', invite: [alice.userId] });
    left = await createRoom(bob, { preset: 'public_chat' });
    banned = await createRoom(bob, { preset: 'public_chat' });
    for (const room of [joinedA, joinedB, left, banned]) await join(alice, room);
    await alice.api.post(`/rooms/${r(left)}/leave`, {});
    assert.equal((await bob.api.post(`/rooms/${r(banned)}/ban`, { user_id: alice.userId })).status, 200);
  });

  test('a new display name reaches a room-mate /sync in every joined room, and no left or banned room', async () => {
    const since = (await bob.api.get('/sync?timeout=0')).body.next_batch;
    assert.equal((await alice.api.put(`/profile/${r(alice.userId)}/displayname`, { displayname: 'Alice Renamed' })).status, 200);
    const sync = await bob.api.get(`/sync?timeout=0&since=${since}`);
    const rooms = sync.body.rooms?.join ?? {};
    for (const room of [joinedA, joinedB]) {
      const events = (rooms[room]?.timeline.events ?? []) as SyncEvent[];
      const mine = events.filter((e) => e.type === 'm.room.member' && e.state_key === alice.userId);
      assert.equal(mine.length, 1, room);
      assert.equal(mine[0]!.content.membership, 'join');
      assert.equal(mine[0]!.content.displayname, 'Alice Renamed');
    }
    for (const room of [left, banned]) {
      const events = (rooms[room]?.timeline.events ?? []) as SyncEvent[];
      assert.deepEqual(
        events.filter((e) => e.state_key === alice.userId),
        [],
        room,
      );
    }
    assert.equal((await bob.api.get(`/rooms/${r(left)}/state/m.room.member/${r(alice.userId)}`)).body.membership, 'leave');
    const ban = (await bob.api.get(`/rooms/${r(banned)}/state/m.room.member/${r(alice.userId)}`)).body;
    assert.equal(ban.membership, 'ban');
    assert.equal(ban.displayname, undefined);
  });

  test('setting the same name again writes no new member events', async () => {
    assert.equal((await alice.api.put(`/profile/${r(alice.userId)}/displayname`, { displayname: 'Same' })).status, 200);
    const since = (await bob.api.get('/sync?timeout=0')).body.next_batch;
    assert.equal((await alice.api.put(`/profile/${r(alice.userId)}/displayname`, { displayname: 'Same' })).status, 200);
    const sync = await bob.api.get(`/sync?timeout=0&since=${since}`);
    assert.equal(sync.body.rooms?.join?.[joinedA], undefined);
  });
});
