import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError } from '../../support/client.ts';
import { createRoom, r, sendText } from '../../support/factories.ts';

const bodies = (chunk: any[]): string[] => chunk.filter((e) => e.type === 'm.room.message').map((e) => e.content.body);

// Spec, Room Previews / history visibility: anyone may read a world_readable room without joining,
// but only the events sent while it was world_readable; a room that is not world_readable now is
// refused to non-members whatever it once was. Each read endpoint, for a user and for a guest.
onEachDatabase('reading world_readable rooms without joining', { file: { guest_access: { enabled: true } } }, (ctx) => {
  const { alice, outsider } = registerUsersBefore(ctx, ['alice', 'outsider']);
  let guest: Api;
  let becameReadable: string; // shared, then world_readable
  let stoppedReadable: string; // world_readable, then shared
  let hiddenEvent: string;
  let readableEvent: string;
  let laterEvent: string;

  const setVisibility = async (roomId: string, hv: string) =>
    assert.equal((await alice.api.put(`/rooms/${r(roomId)}/state/m.room.history_visibility/`, { history_visibility: hv })).status, 200);

  before(async () => {
    const res = await new Api(ctx.server.url).post('/register?kind=guest', {});
    guest = new Api(ctx.server.url, res.body.access_token);
    becameReadable = await createRoom(alice, { preset: 'public_chat', name: 'Preview me' });
    hiddenEvent = await sendText(alice, becameReadable, 'said while shared');
    await setVisibility(becameReadable, 'world_readable');
    readableEvent = await sendText(alice, becameReadable, 'said while world_readable');
    stoppedReadable = await createRoom(alice, {
      preset: 'public_chat',
      initial_state: [{ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'world_readable' } }],
    });
    await sendText(alice, stoppedReadable, 'was public');
    await setVisibility(stoppedReadable, 'shared');
    laterEvent = await sendText(alice, stoppedReadable, 'members only now');
  });

  const readers = (): Array<[string, Api]> => [
    ['a user', outsider.api],
    ['a guest', guest],
  ];

  test('/messages: only the events sent while world_readable', async () => {
    for (const [who, api] of readers()) {
      const res = await api.get(`/rooms/${r(becameReadable)}/messages?dir=b&limit=50`);
      assert.equal(res.status, 200, who);
      assert.deepEqual(bodies(res.body.chunk), ['said while world_readable'], who);
    }
  });

  test('/event and /context: a world_readable event yes, an earlier one no (as if missing)', async () => {
    for (const [who, api] of readers()) {
      assert.equal((await api.get(`/rooms/${r(becameReadable)}/event/${r(readableEvent)}`)).status, 200, who);
      expectError(await api.get(`/rooms/${r(becameReadable)}/event/${r(hiddenEvent)}`), 404, 'M_NOT_FOUND');
      const context = await api.get(`/rooms/${r(becameReadable)}/context/${r(readableEvent)}?limit=10`);
      assert.equal(context.status, 200, who);
      assert.deepEqual(bodies(context.body.events_before), [], who);
    }
  });

  test('/state, /state/{type}/{key} and /members give the current state', async () => {
    for (const [who, api] of readers()) {
      const state = await api.get(`/rooms/${r(becameReadable)}/state`);
      assert.equal(state.status, 200, who);
      assert.ok(
        state.body.some((e: any) => e.type === 'm.room.name' && e.content.name === 'Preview me'),
        who,
      );
      const name = await api.get(`/rooms/${r(becameReadable)}/state/m.room.name/`);
      assert.deepEqual(name.body, { name: 'Preview me' }, who);
      const members = await api.get(`/rooms/${r(becameReadable)}/members`);
      assert.equal(members.status, 200, who);
      assert.ok(
        members.body.chunk.some((e: any) => e.state_key === alice.userId),
        who,
      );
    }
  });

  test('a room no longer world_readable is refused to non-members on every endpoint', async () => {
    for (const [, api] of readers()) {
      for (const path of [
        `/rooms/${r(stoppedReadable)}/messages?dir=b`,
        `/rooms/${r(stoppedReadable)}/event/${r(laterEvent)}`,
        `/rooms/${r(stoppedReadable)}/context/${r(laterEvent)}`,
        `/rooms/${r(stoppedReadable)}/state`,
        `/rooms/${r(stoppedReadable)}/state/m.room.create/`,
        `/rooms/${r(stoppedReadable)}/members`,
      ]) {
        // GET /event answers 404 for a room the caller may not read (the spec's one refusal for it).
        if (path.includes('/event/')) expectError(await api.get(path), 404, 'M_NOT_FOUND');
        else expectError(await api.get(path), 403, 'M_FORBIDDEN');
      }
    }
  });

  test('reading does not make the reader a member, and writing still needs a join', async () => {
    const members = await alice.api.get(`/rooms/${r(becameReadable)}/joined_members`);
    assert.deepEqual(Object.keys(members.body.joined), [alice.userId]);
    const send = await outsider.api.put(`/rooms/${r(becameReadable)}/send/m.room.message/t1`, { msgtype: 'm.text', body: 'x' });
    assert.equal(send.status, 403);
  });
});
