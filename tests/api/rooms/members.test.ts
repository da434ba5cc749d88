import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, registerUser } from '../../support/client.ts';
import { createRoom, invite, join, r, sendText } from '../../support/factories.ts';

onEachDatabase('room members', (ctx) => {
  const { alice, bob, carol, dave } = registerUsersBefore(ctx, ['alice', 'bob', 'carol', 'dave']);
  let roomId: string;
  let tokenBeforeCarol: string;
  before(async () => {
    await alice.api.put(`/profile/${r(alice.userId)}/displayname`, { displayname: 'Alice A.' });
    roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    await sendText(bob, roomId, 'hi');
    tokenBeforeCarol = (await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=1`)).body.start;
    await join(carol, roomId);
    await invite(alice, roomId, dave.userId);
    await alice.api.post(`/rooms/${r(roomId)}/ban`, { user_id: '@banned:localhost' });
  });

  const memberMap = (chunk: any[]): Record<string, string> => Object.fromEntries(chunk.map((e) => [e.state_key, e.content.membership]));

  test('GET /members returns every member event', async () => {
    const res = await bob.api.get(`/rooms/${r(roomId)}/members`);
    assert.equal(res.status, 200);
    assert.deepEqual(memberMap(res.body.chunk), {
      [alice.userId]: 'join',
      [bob.userId]: 'join',
      [carol.userId]: 'join',
      [dave.userId]: 'invite',
      '@banned:localhost': 'ban',
    });
    for (const e of res.body.chunk) {
      assert.equal(e.type, 'm.room.member');
      assert.equal(e.room_id, roomId);
      assert.match(e.event_id, /^\$/);
    }
  });

  test('membership and not_membership filter the list', async () => {
    const joined = await bob.api.get(`/rooms/${r(roomId)}/members?membership=join`);
    assert.deepEqual(Object.keys(memberMap(joined.body.chunk)).sort(), [alice.userId, bob.userId, carol.userId].sort());
    const notJoined = await bob.api.get(`/rooms/${r(roomId)}/members?not_membership=join`);
    assert.deepEqual(memberMap(notJoined.body.chunk), { [dave.userId]: 'invite', '@banned:localhost': 'ban' });
    // Together they are an 'or': invited, or anything but joined.
    const either = await bob.api.get(`/rooms/${r(roomId)}/members?membership=invite&not_membership=ban`);
    assert.deepEqual(Object.keys(memberMap(either.body.chunk)).sort(), [alice.userId, bob.userId, carol.userId, dave.userId].sort());
    expectError(await bob.api.get(`/rooms/${r(roomId)}/members?membership=friends`), 400, 'M_INVALID_PARAM');
  });

  test('at returns the membership at an earlier point', async () => {
    const res = await bob.api.get(`/rooms/${r(roomId)}/members?at=${r(tokenBeforeCarol)}`);
    assert.deepEqual(memberMap(res.body.chunk), { [alice.userId]: 'join', [bob.userId]: 'join' });
    expectError(await bob.api.get(`/rooms/${r(roomId)}/members?at=bogus`), 400, 'M_INVALID_PARAM');
  });

  test('a member who left sees the members as of their leave', async () => {
    const erin = await registerUser(ctx.server.url);
    const frank = await registerUser(ctx.server.url);
    await join(erin, roomId);
    await erin.api.post(`/rooms/${r(roomId)}/leave`, {});
    await join(frank, roomId);
    const res = await erin.api.get(`/rooms/${r(roomId)}/members`);
    const map = memberMap(res.body.chunk);
    assert.equal(map[erin.userId], 'leave');
    assert.equal(map[frank.userId], undefined);
    // Even when asking about a later point.
    const later = (await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=1`)).body.start;
    assert.equal(memberMap((await erin.api.get(`/rooms/${r(roomId)}/members?at=${r(later)}`)).body.chunk)[frank.userId], undefined);
    expectError(await erin.api.get(`/rooms/${r(roomId)}/joined_members`), 403, 'M_FORBIDDEN');
    await frank.api.post(`/rooms/${r(roomId)}/leave`, {});
  });

  test('GET /joined_members maps joined users to their profiles', async () => {
    const res = await carol.api.get(`/rooms/${r(roomId)}/joined_members`);
    assert.equal(res.status, 200);
    assert.deepEqual(Object.keys(res.body.joined).sort(), [alice.userId, bob.userId, carol.userId].sort());
    assert.equal(res.body.joined[alice.userId].display_name, 'Alice A.');
  });

  test('an invited user or a stranger cannot list members', async () => {
    for (const user of [dave, await registerUser(ctx.server.url)]) {
      expectError(await user.api.get(`/rooms/${r(roomId)}/members`), 403, 'M_FORBIDDEN');
      expectError(await user.api.get(`/rooms/${r(roomId)}/joined_members`), 403, 'M_FORBIDDEN');
    }
    expectError(await bob.api.get(`/rooms/${r('nope')}/members`), 400, 'M_INVALID_PARAM');
  });
});
