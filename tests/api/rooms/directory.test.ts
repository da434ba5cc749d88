import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError, registerUser, uniqueName, type TestUser } from '../../support/client.ts';
import { createRoom, invite, join, r } from '../../support/factories.ts';

onEachDatabase('room aliases', (ctx) => {
  const { alice, bob, carol, admin } = registerUsersBefore(ctx, ['alice', 'bob', 'carol', 'admin']);
  before(async () => {
    await ctx.server.deps.database.db.updateTable('users').set({ is_admin: 1 }).where('user_id', '=', admin.userId).execute();
  });

  const aliasFor = (prefix = 'a') => `#${uniqueName(prefix)}:localhost`;

  test('PUT maps an alias, GET resolves it without auth, /aliases lists it', async () => {
    const roomId = await createRoom(alice, {});
    const alias = aliasFor();
    const put = await alice.api.put(`/directory/room/${r(alias)}`, { room_id: roomId });
    assert.deepEqual({ status: put.status, body: put.body }, { status: 200, body: {} });
    const get = await new Api(ctx.server.url).get(`/directory/room/${r(alias)}`);
    assert.deepEqual(get.body, { room_id: roomId, servers: ['localhost'] });
    assert.deepEqual((await alice.api.get(`/rooms/${r(roomId)}/aliases`)).body, { aliases: [alias] });
    // Joining through the new alias works for an invited user.
    await invite(alice, roomId, bob.userId);
    assert.equal((await bob.api.post(`/join/${r(alias)}`, {})).body.room_id, roomId);
  });

  test('PUT refuses a taken alias (409 M_UNKNOWN), a foreign server, a bad alias and non-members', async () => {
    const roomId = await createRoom(alice, {});
    const alias = aliasFor();
    await alice.api.put(`/directory/room/${r(alias)}`, { room_id: roomId });
    const other = await createRoom(alice, {});
    expectError(await alice.api.put(`/directory/room/${r(alias)}`, { room_id: other }), 409, 'M_UNKNOWN');
    expectError(await alice.api.put(`/directory/room/${r('#x:elsewhere.example')}`, { room_id: roomId }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`/directory/room/${r('nohash:localhost')}`, { room_id: roomId }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`/directory/room/${r(aliasFor())}`, { room_id: 'bad' }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`/directory/room/${r(aliasFor())}`, {}), 400, 'M_BAD_JSON');
    const strange = await carol.api.put(`/directory/room/${r(aliasFor())}`, { room_id: roomId });
    const missing = await carol.api.put(`/directory/room/${r(aliasFor())}`, { room_id: '!missing:localhost' });
    expectError(strange, 403, 'M_FORBIDDEN');
    expectError(missing, 403, 'M_FORBIDDEN');
    assert.deepEqual(strange.body, missing.body);
    expectError(await new Api(ctx.server.url).put(`/directory/room/${r(aliasFor())}`, { room_id: roomId }), 401, 'M_MISSING_TOKEN');
    assert.deepEqual((await alice.api.get(`/rooms/${r(roomId)}/aliases`)).body, { aliases: [alias] });
  });

  test('GET of an unknown alias is 404 M_NOT_FOUND, of a malformed one 400', async () => {
    expectError(await alice.api.get(`/directory/room/${r(aliasFor())}`), 404, 'M_NOT_FOUND');
    expectError(await alice.api.get(`/directory/room/${r('bogus')}`), 400, 'M_INVALID_PARAM');
  });

  test('DELETE by the alias creator', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    const alias = aliasFor();
    assert.equal((await bob.api.put(`/directory/room/${r(alias)}`, { room_id: roomId })).status, 200);
    assert.equal((await bob.api.delete(`/directory/room/${r(alias)}`)).status, 200);
    expectError(await bob.api.get(`/directory/room/${r(alias)}`), 404, 'M_NOT_FOUND');
    expectError(await bob.api.delete(`/directory/room/${r(alias)}`), 404, 'M_NOT_FOUND');
  });

  test('DELETE by a room moderator or a server admin, refused to ordinary members and strangers', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    await join(carol, roomId);
    const alias = aliasFor();
    await bob.api.put(`/directory/room/${r(alias)}`, { room_id: roomId });
    expectError(await carol.api.delete(`/directory/room/${r(alias)}`), 403, 'M_FORBIDDEN');
    const dave = await registerUser(ctx.server.url);
    expectError(await dave.api.delete(`/directory/room/${r(alias)}`), 403, 'M_FORBIDDEN');
    assert.equal((await alice.api.get(`/directory/room/${r(alias)}`)).status, 200);
    assert.equal((await alice.api.delete(`/directory/room/${r(alias)}`)).status, 200);
    expectError(await alice.api.get(`/directory/room/${r(alias)}`), 404, 'M_NOT_FOUND');

    const alias2 = aliasFor();
    await bob.api.put(`/directory/room/${r(alias2)}`, { room_id: roomId });
    assert.equal((await admin.api.delete(`/directory/room/${r(alias2)}`)).status, 200);
    expectError(await alice.api.get(`/directory/room/${r(alias2)}`), 404, 'M_NOT_FOUND');
  });

  test("a moderator who left loses the right to delete others' aliases", async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    const alias = aliasFor();
    await bob.api.put(`/directory/room/${r(alias)}`, { room_id: roomId });
    await alice.api.post(`/rooms/${r(roomId)}/leave`, {});
    expectError(await alice.api.delete(`/directory/room/${r(alias)}`), 403, 'M_FORBIDDEN');
  });

  test('/aliases is refused to non-members of a room that is not world_readable', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    const alias = aliasFor();
    await alice.api.put(`/directory/room/${r(alias)}`, { room_id: roomId });
    const res = await carol.api.get(`/rooms/${r(roomId)}/aliases`);
    expectError(res, 403, 'M_FORBIDDEN');
    await join(carol, roomId);
    assert.deepEqual((await carol.api.get(`/rooms/${r(roomId)}/aliases`)).body, { aliases: [alias] });
    await carol.api.post(`/rooms/${r(roomId)}/leave`, {});
    expectError(await carol.api.get(`/rooms/${r(roomId)}/aliases`), 403, 'M_FORBIDDEN');
  });

  test('directory endpoints answer the same for an unknown room as for a room the caller may not see or moderate', async () => {
    const priv = await createRoom(alice, {});
    const missing = `!${uniqueName('missing')}:localhost`;
    const anon = new Api(ctx.server.url);
    // GET visibility: anyone may ask; an unknown room is as unpublished as a private one.
    assert.deepEqual((await anon.get(`/directory/list/room/${r(missing)}`)).body, { visibility: 'private' });
    assert.deepEqual((await anon.get(`/directory/list/room/${r(priv)}`)).body, { visibility: 'private' });
    expectError(await alice.api.get(`/directory/list/room/${r('bad')}`), 400, 'M_INVALID_PARAM');
    // PUT visibility, GET /aliases, PUT an alias: one 403 body for a private room and a missing one.
    const pairs = [
      [await carol.api.put(`/directory/list/room/${r(priv)}`, { visibility: 'public' }), await carol.api.put(`/directory/list/room/${r(missing)}`, { visibility: 'public' })],
      [await carol.api.get(`/rooms/${r(priv)}/aliases`), await carol.api.get(`/rooms/${r(missing)}/aliases`)],
      [await carol.api.put(`/directory/room/${r(aliasFor())}`, { room_id: priv }), await carol.api.put(`/directory/room/${r(aliasFor())}`, { room_id: missing })],
    ];
    for (const [known, unknown] of pairs) {
      expectError(known!, 403, 'M_FORBIDDEN');
      expectError(unknown!, 403, 'M_FORBIDDEN');
      assert.deepEqual(unknown!.body, known!.body);
    }
    // DELETE an alias: aliases resolve publicly, so "not found" reveals nothing; a non-moderator
    // is refused with the moderation 403 and the alias stays.
    const alias = aliasFor();
    await alice.api.put(`/directory/room/${r(alias)}`, { room_id: priv });
    expectError(await carol.api.delete(`/directory/room/${r(alias)}`), 403, 'M_FORBIDDEN');
    expectError(await carol.api.delete(`/directory/room/${r(aliasFor())}`), 404, 'M_NOT_FOUND');
    assert.equal((await anon.get(`/directory/room/${r(alias)}`)).body.room_id, priv);
    // Only a server admin, who may moderate any room, learns that a room does not exist.
    expectError(await admin.api.put(`/directory/list/room/${r(missing)}`, { visibility: 'public' }), 404, 'M_NOT_FOUND');
  });
});

onEachDatabase('published room directory', (ctx) => {
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  let big: string;
  let small: string;
  let space: string;
  before(async () => {
    alice = await registerUser(ctx.server.url);
    bob = await registerUser(ctx.server.url);
    carol = await registerUser(ctx.server.url);
    big = await createRoom(alice, { visibility: 'public', preset: 'public_chat', name: 'Big Room', topic: 'Lots of PEOPLE', room_alias_name: 'bigroom' });
    await join(bob, big);
    await join(carol, big);
    small = await createRoom(bob, {
      visibility: 'public',
      preset: 'public_chat',
      name: 'Small talk',
      initial_state: [
        { type: 'm.room.history_visibility', content: { history_visibility: 'world_readable' } },
        { type: 'm.room.avatar', content: { url: 'mxc://localhost/avatar' } },
      ],
    });
    await join(carol, small);
    space = await createRoom(carol, { visibility: 'public', preset: 'public_chat', name: 'A space', creation_content: { type: 'm.space' } });
    await createRoom(alice, { preset: 'public_chat', name: 'Unlisted' });
    // Published but invite-only and not world_readable: kept out of the listing.
    await createRoom(alice, { visibility: 'public', preset: 'private_chat', name: 'Invite only' });
  });

  test('GET /publicRooms lists published rooms, most members first, with their details', async () => {
    const res = await new Api(ctx.server.url).get('/publicRooms');
    assert.equal(res.status, 200);
    assert.deepEqual(
      res.body.chunk.map((c: any) => c.room_id),
      [big, small, space],
    );
    assert.equal(res.body.total_room_count_estimate, 3);
    assert.equal(res.body.next_batch, undefined);
    assert.equal(res.body.prev_batch, undefined);
    assert.deepEqual(res.body.chunk[0], {
      room_id: big,
      name: 'Big Room',
      topic: 'Lots of PEOPLE',
      canonical_alias: '#bigroom:localhost',
      num_joined_members: 3,
      world_readable: false,
      guest_can_join: false,
      join_rule: 'public',
    });
    assert.equal(res.body.chunk[1].world_readable, true);
    assert.equal(res.body.chunk[1].avatar_url, 'mxc://localhost/avatar');
    assert.equal(res.body.chunk[1].num_joined_members, 2);
    assert.equal(res.body.chunk[2].room_type, 'm.space');
  });

  test('limit and since page through the directory both ways', async () => {
    const first = await alice.api.get('/publicRooms?limit=2');
    assert.deepEqual(
      first.body.chunk.map((c: any) => c.room_id),
      [big, small],
    );
    assert.equal(typeof first.body.next_batch, 'string');
    assert.equal(first.body.prev_batch, undefined);
    const second = await alice.api.get(`/publicRooms?limit=2&since=${r(first.body.next_batch)}`);
    assert.deepEqual(
      second.body.chunk.map((c: any) => c.room_id),
      [space],
    );
    assert.equal(second.body.next_batch, undefined);
    const back = await alice.api.get(`/publicRooms?limit=2&since=${r(second.body.prev_batch)}`);
    assert.deepEqual(
      back.body.chunk.map((c: any) => c.room_id),
      [big, small],
    );
    expectError(await alice.api.get('/publicRooms?since=nonsense'), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.get('/publicRooms?limit=abc'), 400, 'M_INVALID_PARAM');
  });

  test('POST /publicRooms filters by search term (name, topic, alias; any case) and room type', async () => {
    const search = async (filter: Record<string, unknown>) => (await alice.api.post('/publicRooms', { filter })).body.chunk.map((c: any) => c.room_id);
    assert.deepEqual(await search({ generic_search_term: 'small' }), [small]);
    assert.deepEqual(await search({ generic_search_term: 'people' }), [big]);
    assert.deepEqual(await search({ generic_search_term: 'BIGROOM' }), [big]);
    assert.deepEqual(await search({ generic_search_term: 'nothing matches' }), []);
    assert.deepEqual(await search({ room_types: ['m.space'] }), [space]);
    assert.deepEqual(await search({ room_types: [null] }), [big, small]);
    const paged = await alice.api.post('/publicRooms', { limit: 1, filter: { room_types: [null] } });
    assert.equal(paged.body.total_room_count_estimate, 2);
    const next = await alice.api.post('/publicRooms', { limit: 1, since: paged.body.next_batch, filter: { room_types: [null] } });
    assert.deepEqual(
      next.body.chunk.map((c: any) => c.room_id),
      [small],
    );
    expectError(await new Api(ctx.server.url).post('/publicRooms', {}), 401, 'M_MISSING_TOKEN');
    expectError(await alice.api.post('/publicRooms', { filter: { room_types: 'm.space' } }), 400, 'M_BAD_JSON');
  });

  test("only our own server's directory can be listed", async () => {
    assert.equal((await alice.api.get('/publicRooms?server=localhost')).status, 200);
    expectError(await alice.api.get('/publicRooms?server=elsewhere.example'), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.post('/publicRooms?server=elsewhere.example', {}), 400, 'M_INVALID_PARAM');
  });

  test('directory visibility: GET without auth, PUT by a moderator or admin only', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat', name: 'Toggle' });
    await join(bob, roomId);
    const anon = new Api(ctx.server.url);
    assert.deepEqual((await anon.get(`/directory/list/room/${r(roomId)}`)).body, { visibility: 'private' });
    expectError(await bob.api.put(`/directory/list/room/${r(roomId)}`, { visibility: 'public' }), 403, 'M_FORBIDDEN');
    expectError(await carol.api.put(`/directory/list/room/${r(roomId)}`, { visibility: 'public' }), 403, 'M_FORBIDDEN');
    expectError(await anon.put(`/directory/list/room/${r(roomId)}`, { visibility: 'public' }), 401, 'M_MISSING_TOKEN');
    assert.deepEqual((await anon.get(`/directory/list/room/${r(roomId)}`)).body, { visibility: 'private' });
    assert.equal((await alice.api.put(`/directory/list/room/${r(roomId)}`, { visibility: 'public' })).status, 200);
    assert.deepEqual((await anon.get(`/directory/list/room/${r(roomId)}`)).body, { visibility: 'public' });
    assert.ok((await anon.get('/publicRooms')).body.chunk.some((c: any) => c.room_id === roomId));
    // A member raised to the canonical alias level may unpublish it.
    const pl = (await alice.api.get(`/rooms/${r(roomId)}/state/m.room.power_levels`)).body;
    await alice.api.put(`/rooms/${r(roomId)}/state/m.room.power_levels`, { ...pl, users: { ...pl.users, [bob.userId]: 50 } });
    assert.equal((await bob.api.put(`/directory/list/room/${r(roomId)}`, { visibility: 'private' })).status, 200);
    assert.ok(!(await anon.get('/publicRooms')).body.chunk.some((c: any) => c.room_id === roomId));
    expectError(await alice.api.put(`/directory/list/room/${r(roomId)}`, { visibility: 'hidden' }), 400, 'M_BAD_JSON');
  });

  test('a server admin may publish any room', async () => {
    const admin = await registerUser(ctx.server.url);
    await ctx.server.deps.database.db.updateTable('users').set({ is_admin: 1 }).where('user_id', '=', admin.userId).execute();
    const roomId = await createRoom(alice, { preset: 'public_chat', name: 'Admin pick' });
    assert.equal((await admin.api.put(`/directory/list/room/${r(roomId)}`, {})).status, 200);
    assert.deepEqual((await alice.api.get(`/directory/list/room/${r(roomId)}`)).body, { visibility: 'public' });
  });
});
