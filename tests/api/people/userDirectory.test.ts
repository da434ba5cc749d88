import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, registerUser, type TestUser } from '../../support/client.ts';
import { createRoom, join, r } from '../../support/factories.ts';
import { withPasswordAuth } from '../../support/uia.ts';

interface Result {
  user_id: string;
  display_name?: string;
  avatar_url?: string;
}

async function search(user: TestUser, term: string, limit?: number): Promise<{ results: Result[]; limited: boolean }> {
  const res = await user.api.post('/user_directory/search', { search_term: term, ...(limit !== undefined ? { limit } : {}) });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

const ids = (body: { results: Result[] }): string[] => body.results.map((x) => x.user_id);

async function named(user: TestUser, displayname: string): Promise<void> {
  assert.equal((await user.api.put(`/profile/${r(user.userId)}/displayname`, { displayname })).status, 200);
}

onEachDatabase('user directory', (ctx) => {
  // Each suite gets a word of its own, so names never collide with other users of the server.
  const tag = `zq${Math.random().toString(36).slice(2, 8)}`;
  const { searcher, roomMate, publicMember, stranger, quitter } = registerUsersBefore(ctx, ['searcher', 'roomMate', 'publicMember', 'stranger', 'quitter']);
  before(async () => {
    await named(roomMate, `Rosa ${tag}mate`);
    await named(publicMember, `Pablo ${tag}public`);
    await named(stranger, `Stella ${tag}stranger`);
    await named(quitter, `Quinn ${tag}quitter`);
    const shared = await createRoom(searcher, { preset: 'private_chat', invite: [roomMate.userId] });
    await join(roomMate, shared);
    const lobby = await createRoom(publicMember, { preset: 'public_chat' });
    assert.ok(lobby);
    // The stranger only shares a private room with someone else.
    const other = await createRoom(stranger, { preset: 'private_chat', invite: [quitter.userId] });
    await join(quitter, other);
  });

  test('finds room-mates and members of public rooms, not people only in private rooms with others', async () => {
    assert.deepEqual(ids(await search(searcher, `${tag}mate`)), [roomMate.userId]);
    assert.deepEqual(ids(await search(searcher, `${tag}public`)), [publicMember.userId]);
    assert.deepEqual(ids(await search(searcher, `${tag}stranger`)), []);
    const found = await search(searcher, `rosa ${tag}`);
    assert.deepEqual(found.results, [{ user_id: roomMate.userId, display_name: `Rosa ${tag}mate` }]);
    assert.equal(found.limited, false);
  });

  test('matches the start of any word of the display name, case-insensitively, and the user ID', async () => {
    assert.deepEqual(ids(await search(searcher, `ROSA`)).includes(roomMate.userId), true);
    assert.deepEqual(ids(await search(searcher, `${tag.toUpperCase()}MA`)), [roomMate.userId]);
    // Inside a word is not a word prefix.
    assert.deepEqual(ids(await search(searcher, `${tag.slice(2)}mate`)), []);
    assert.deepEqual(ids(await search(searcher, roomMate.localpart)), [roomMate.userId]);
    assert.deepEqual(ids(await search(searcher, roomMate.userId)), [roomMate.userId]);
    assert.deepEqual(ids(await search(searcher, `@${roomMate.localpart.slice(0, -2)}`)), [roomMate.userId]);
    // The server name is not a search for everyone on it.
    assert.ok(!ids(await search(searcher, 'localhost')).includes(stranger.userId));
  });

  test('pattern characters are plain text, the limit is bounded and reported', async () => {
    // As LIKE or glob patterns each of these would match the room-mate.
    for (const term of ['%', `${tag}_ate`, `${tag}%`, `${tag}*`, '*', '\\', '.*', "'", '%%%%_%']) assert.deepEqual(ids(await search(searcher, term)), [], term);
    // An underscore is a literal underscore: it finds the user IDs that contain one.
    assert.ok(ids(await search(searcher, '_')).includes(roomMate.userId));
    const everyone = await search(searcher, tag);
    assert.deepEqual(everyone.results.length, 2);
    const one = await search(searcher, tag, 1);
    assert.equal(one.results.length, 1);
    assert.equal(one.limited, true);
    assert.equal((await search(searcher, tag, 1000)).results.length, 2);
    assert.deepEqual(await search(searcher, '   '), { results: [], limited: false });
    expectError(await searcher.api.post('/user_directory/search', { search_term: 'x'.repeat(257) }), 400, 'M_BAD_JSON');
    expectError(await searcher.api.post('/user_directory/search', {}), 400, 'M_BAD_JSON');
    expectError(await searcher.api.post('/user_directory/search', { search_term: 'a', limit: -1 }), 400, 'M_BAD_JSON');
  });

  test('after a display-name change the user is found under the new name, not the old', async () => {
    await named(roomMate, `Renamed ${tag}fresh`);
    assert.deepEqual(ids(await search(searcher, `${tag}fresh`)), [roomMate.userId]);
    assert.deepEqual(ids(await search(searcher, `${tag}mate`)), []);
  });

  test('a room becoming public makes its members findable, and leaving it hides them again', async () => {
    const room = await createRoom(stranger, { preset: 'private_chat' });
    assert.deepEqual(ids(await search(searcher, `${tag}stranger`)), []);
    await stranger.api.put(`/rooms/${r(room)}/state/m.room.join_rules/`, { join_rule: 'public' });
    assert.deepEqual(ids(await search(searcher, `${tag}stranger`)), [stranger.userId]);
    await stranger.api.put(`/rooms/${r(room)}/state/m.room.join_rules/`, { join_rule: 'invite' });
    assert.deepEqual(ids(await search(searcher, `${tag}stranger`)), []);
    await stranger.api.put(`/rooms/${r(room)}/state/m.room.history_visibility/`, { history_visibility: 'world_readable' });
    assert.deepEqual(ids(await search(searcher, `${tag}stranger`)), [stranger.userId]);
    await stranger.api.post(`/rooms/${r(room)}/leave`, {});
    assert.deepEqual(ids(await search(searcher, `${tag}stranger`)), []);
  });

  test('a deactivated user is never found', async () => {
    const gone = await registerUser(ctx.server.url);
    await named(gone, `Gone ${tag}gone`);
    const lobby = await createRoom(searcher, { preset: 'public_chat' });
    await join(gone, lobby);
    assert.deepEqual(ids(await search(searcher, `${tag}gone`)), [gone.userId]);
    const res = await withPasswordAuth(gone.api, gone, 'POST', '/account/deactivate');
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.deepEqual(ids(await search(searcher, `${tag}gone`)), []);
  });
});

onEachDatabase('user directory: search_all_users', { file: { user_directory: { search_all_users: true } } }, (ctx) => {
  const tag = `zq${Math.random().toString(36).slice(2, 8)}`;
  const { searcher, loner } = registerUsersBefore(ctx, ['searcher', 'loner']);
  before(async () => {
    await named(loner, `Lone ${tag}loner`);
  });

  test('finds every active local user, even one sharing no room', async () => {
    assert.deepEqual(ids(await search(searcher, `${tag}loner`)), [loner.userId]);
  });
});
