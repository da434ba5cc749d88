import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError, registerUser } from '../../support/client.ts';
import { createRoom, join, r } from '../../support/factories.ts';

onEachDatabase('profile', (ctx) => {
  let anon: Api;
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  before(async () => {
    anon = new Api(ctx.server.url);
  });

  test('a new user has their localpart as display name and no avatar', async () => {
    const res = await anon.get(`/profile/${r(bob.userId)}`);
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, { displayname: bob.localpart });
    assert.deepEqual((await anon.get(`/profile/${r(bob.userId)}/displayname`)).body, { displayname: bob.localpart });
    expectError(await anon.get(`/profile/${r(bob.userId)}/avatar_url`), 404, 'M_NOT_FOUND');
    // Also under r0.
    assert.equal((await anon.get(`${ctx.server.url}/_matrix/client/r0/profile/${r(bob.userId)}`)).status, 200);
  });

  test('setting the display name and avatar is read back and sent into every joined room', async () => {
    const roomA = await createRoom(bob, { preset: 'public_chat' });
    const roomB = await createRoom(bob, { preset: 'public_chat' });
    await join(alice, roomA);
    await join(alice, roomB);
    const since = (await bob.api.get('/sync?timeout=0')).body.next_batch;

    assert.equal((await alice.api.put(`/profile/${r(alice.userId)}/displayname`, { displayname: 'Alice A.' })).status, 200);
    assert.equal((await alice.api.put(`/profile/${r(alice.userId)}/avatar_url`, { avatar_url: 'mxc://localhost/abcDEF123' })).status, 200);
    assert.deepEqual((await anon.get(`/profile/${r(alice.userId)}`)).body, { displayname: 'Alice A.', avatar_url: 'mxc://localhost/abcDEF123' });
    assert.deepEqual((await anon.get(`/profile/${r(alice.userId)}/avatar_url`)).body, { avatar_url: 'mxc://localhost/abcDEF123' });

    for (const roomId of [roomA, roomB]) {
      const member = await bob.api.get(`/rooms/${r(roomId)}/state/m.room.member/${r(alice.userId)}`);
      assert.deepEqual(member.body, { membership: 'join', displayname: 'Alice A.', avatar_url: 'mxc://localhost/abcDEF123' });
    }
    const sync = await bob.api.get(`/sync?timeout=0&since=${since}`);
    const timeline = sync.body.rooms.join[roomA].timeline.events as Array<{ type: string; state_key: string; content: Record<string, unknown> }>;
    const updates = timeline.filter((e) => e.type === 'm.room.member' && e.state_key === alice.userId);
    assert.equal(updates.length, 2);
    assert.equal(updates[0]!.content.displayname, 'Alice A.');
    assert.equal(updates[1]!.content.avatar_url, 'mxc://localhost/abcDEF123');
  });

  test('an empty value or DELETE removes a field', async () => {
    const carol = await registerUser(ctx.server.url);
    const roomId = await createRoom(carol);
    await carol.api.put(`/profile/${r(carol.userId)}/avatar_url`, { avatar_url: 'mxc://localhost/pic' });
    assert.equal((await carol.api.put(`/profile/${r(carol.userId)}/avatar_url`, { avatar_url: '' })).status, 200);
    expectError(await anon.get(`/profile/${r(carol.userId)}/avatar_url`), 404, 'M_NOT_FOUND');
    assert.equal((await carol.api.delete(`/profile/${r(carol.userId)}/displayname`)).status, 200);
    expectError(await anon.get(`/profile/${r(carol.userId)}/displayname`), 404, 'M_NOT_FOUND');
    assert.deepEqual((await anon.get(`/profile/${r(carol.userId)}`)).body, {});
    const member = await carol.api.get(`/rooms/${r(roomId)}/state/m.room.member/${r(carol.userId)}`);
    assert.deepEqual(member.body, { membership: 'join' });
  });

  test("another user's profile cannot be changed", async () => {
    expectError(await alice.api.put(`/profile/${r(bob.userId)}/displayname`, { displayname: 'pwned' }), 403, 'M_FORBIDDEN');
    expectError(await alice.api.put(`/profile/${r(bob.userId)}/avatar_url`, { avatar_url: 'mxc://localhost/x' }), 403, 'M_FORBIDDEN');
    expectError(await alice.api.delete(`/profile/${r(bob.userId)}/displayname`), 403, 'M_FORBIDDEN');
    expectError(await anon.put(`/profile/${r(bob.userId)}/displayname`, { displayname: 'pwned' }), 401, 'M_MISSING_TOKEN');
    assert.equal((await anon.get(`/profile/${r(bob.userId)}/displayname`)).body.displayname, bob.localpart);
  });

  test('unknown and malformed users are refused', async () => {
    expectError(await anon.get(`/profile/${r('@nobody:localhost')}`), 404, 'M_NOT_FOUND');
    expectError(await anon.get(`/profile/${r('@nobody:localhost')}/displayname`), 404, 'M_NOT_FOUND');
    expectError(await anon.get(`/profile/${r('@someone:elsewhere.example')}`), 404, 'M_NOT_FOUND');
    expectError(await anon.get('/profile/not-a-user-id'), 400, 'M_INVALID_PARAM');
  });

  test('bad values and keys are refused', async () => {
    const me = `/profile/${r(alice.userId)}`;
    expectError(await alice.api.put(`${me}/avatar_url`, { avatar_url: 'https://example.com/a.png' }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`${me}/avatar_url`, { avatar_url: 'mxc://localhost/' }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`${me}/displayname`, { displayname: 42 }), 400, 'M_BAD_JSON');
    expectError(await alice.api.put(`${me}/displayname`, { displayname: 'x'.repeat(257) }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`${me}/displayname`, {}), 400, 'M_MISSING_PARAM');
    expectError(await alice.api.put(`${me}/displayname`, [1]), 400, 'M_NOT_JSON');
    expectError(await alice.api.put(`${me}/NotAKey`, { NotAKey: 1 }), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.put(`${me}/m.tz`, { 'm.tz': 'Europe/London' }), 403, 'M_FORBIDDEN');
    expectError(await anon.get(`${me}/m.tz`), 404, 'M_NOT_FOUND');
    assert.equal((await anon.get(`${me}/displayname`)).body.displayname, 'Alice A.');
  });

  test('the capability lists the profile fields that can be set', async () => {
    const caps = await alice.api.get('/capabilities');
    assert.deepEqual(caps.body.capabilities['m.profile_fields'], { enabled: true, allowed: ['displayname', 'avatar_url'] });
  });
});
