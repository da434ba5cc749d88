import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUser, type TestUser } from '../../support/client.ts';
import { createRoom, invite, join, r } from '../../support/factories.ts';

/**
 * device_lists.left (in /sync and /keys/changes) names users the viewer shared a room with and
 * no longer does, from the viewer's own membership history: it must not reveal who joined a room
 * after the viewer left, nor the member list of a room the viewer was never joined to.
 */
onEachDatabase('device_lists.left reveals no membership', (ctx) => {
  const u = (): Promise<TestUser> => registerUser(ctx.server.url);
  const position = async (user: TestUser): Promise<string> => (await user.api.get('/sync?timeout=0')).body.next_batch as string;

  /** device_lists from both places that report it, which must agree. */
  async function deviceLists(user: TestUser, since: string): Promise<{ changed: string[]; left: string[] }> {
    const sync = await user.api.get(`/sync?timeout=0&since=${r(since)}`);
    assert.equal(sync.status, 200, JSON.stringify(sync.body));
    const to = sync.body.next_batch as string;
    const changes = await user.api.get(`/keys/changes?from=${r(since)}&to=${r(to)}`);
    assert.equal(changes.status, 200, JSON.stringify(changes.body));
    assert.deepEqual([...(sync.body.device_lists?.left ?? [])].sort(), [...changes.body.left].sort(), 'sync and /keys/changes agree on left');
    return { changed: sync.body.device_lists?.changed ?? [], left: [...changes.body.left].sort() };
  }

  const leave = async (user: TestUser, roomId: string): Promise<void> => assert.equal((await user.api.post(`/rooms/${r(roomId)}/leave`, {})).status, 200);

  test('a departed member learns its former peers, not who came after it left', async () => {
    const [owner, viewer, peer, alsoElsewhere, newcomer] = await Promise.all([u(), u(), u(), u(), u()]);
    const roomId = await createRoom(owner, { preset: 'public_chat' });
    for (const u of [viewer, peer, alsoElsewhere]) await join(u, roomId);
    const other = await createRoom(alsoElsewhere, { preset: 'public_chat' });
    await join(viewer, other);
    const since = await position(viewer);

    await leave(viewer, roomId);
    await join(newcomer, roomId);
    await leave(newcomer, roomId);
    await join(newcomer, roomId);

    const lists = await deviceLists(viewer, since);
    assert.deepEqual(lists.left, [owner.userId, peer.userId].sort());
    assert.ok(!lists.changed.includes(newcomer.userId));
  });

  test('after leaving, later joins and leaves in the room are not reported', async () => {
    const [owner, viewer, newcomer] = await Promise.all([u(), u(), u()]);
    const roomId = await createRoom(owner, { preset: 'public_chat' });
    await join(viewer, roomId);
    await leave(viewer, roomId);
    const since = await position(viewer);
    await join(newcomer, roomId);
    await leave(newcomer, roomId);
    const lists = await deviceLists(viewer, since);
    assert.deepEqual(lists.left, []);
    assert.deepEqual(lists.changed, []);
  });

  test('a user banned without ever joining learns no member list', async () => {
    const [owner, member, viewer] = await Promise.all([u(), u(), u()]);
    const roomId = await createRoom(owner, { preset: 'private_chat' });
    await invite(owner, roomId, member.userId);
    await join(member, roomId);
    const since = await position(viewer);
    assert.equal((await owner.api.post(`/rooms/${r(roomId)}/ban`, { user_id: viewer.userId })).status, 200);
    assert.deepEqual((await deviceLists(viewer, since)).left, []);
  });

  test('an invitee who rejects, and a knocker who gives up, learn no member list', async () => {
    const [owner, member, invitee, knocker] = await Promise.all([u(), u(), u(), u()]);
    const roomId = await createRoom(owner, { preset: 'private_chat', initial_state: [{ type: 'm.room.join_rules', state_key: '', content: { join_rule: 'knock' } }] });
    await invite(owner, roomId, member.userId);
    await join(member, roomId);
    const sinceInvitee = await position(invitee);
    const sinceKnocker = await position(knocker);
    await invite(owner, roomId, invitee.userId);
    await leave(invitee, roomId);
    assert.equal((await knocker.api.post(`/knock/${r(roomId)}`, {})).status, 200);
    await leave(knocker, roomId);
    assert.deepEqual((await deviceLists(invitee, sinceInvitee)).left, []);
    assert.deepEqual((await deviceLists(knocker, sinceKnocker)).left, []);
  });

  test('a kicked or banned member learns the peers it had', async () => {
    const [owner, peer, kicked, banned] = await Promise.all([u(), u(), u(), u()]);
    const roomId = await createRoom(owner, { preset: 'public_chat' });
    for (const u of [peer, kicked, banned]) await join(u, roomId);
    const sinceKicked = await position(kicked);
    const sinceBanned = await position(banned);
    assert.equal((await owner.api.post(`/rooms/${r(roomId)}/kick`, { user_id: kicked.userId })).status, 200);
    assert.equal((await owner.api.post(`/rooms/${r(roomId)}/ban`, { user_id: banned.userId })).status, 200);
    assert.deepEqual((await deviceLists(kicked, sinceKicked)).left, [owner.userId, peer.userId, banned.userId].sort());
    // The kicked member was a peer when the window opened, and is no longer one.
    assert.deepEqual((await deviceLists(banned, sinceBanned)).left, [owner.userId, peer.userId, kicked.userId].sort());
  });

  test('a member who stays sees a peer that leaves in left', async () => {
    const [owner, viewer, peer] = await Promise.all([u(), u(), u()]);
    const roomId = await createRoom(owner, { preset: 'public_chat' });
    await join(viewer, roomId);
    await join(peer, roomId);
    const since = await position(viewer);
    await leave(peer, roomId);
    assert.deepEqual((await deviceLists(viewer, since)).left, [peer.userId]);
  });
});
