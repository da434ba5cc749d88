import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, uniqueName, type TestUser } from '../../support/client.ts';
import { createRoom, invite, join, r, sendText } from '../../support/factories.ts';

const bodies = (chunk: any[]): string[] => chunk.filter((e) => e.type === 'm.room.message').map((e) => e.content.body);

// Spec, "Ignoring Users": once a user is in m.ignored_user_list the server sends none of their
// events but state, wherever events are read, and none of their invites.
onEachDatabase('ignoring users', (ctx) => {
  const { alice, bob, carol } = registerUsersBefore(ctx, ['alice', 'bob', 'carol']);
  const word = uniqueName('ig');
  let roomId: string;
  const ids: string[] = [];
  let bobTopic: string;

  const putIgnored = (user: TestUser, body: unknown) => user.api.put(`/user/${r(user.userId)}/account_data/m.ignored_user_list`, body);

  before(async () => {
    roomId = await createRoom(alice, { preset: 'public_chat', power_level_content_override: { state_default: 0 } });
    await join(bob, roomId);
    await join(carol, roomId);
    // a0 b1 c2 a3 b4 c5 ... : every third message is bob's.
    const senders = [alice, bob, carol];
    for (let i = 0; i < 12; i++) ids.push(await sendText(senders[i % 3]!, roomId, `${word} m${i}`));
    bobTopic = (await bob.api.put(`/rooms/${r(roomId)}/state/m.room.topic`, { topic: 'bob set this' })).body.event_id;
    assert.equal((await putIgnored(alice, { ignored_users: { [bob.userId]: {} } })).status, 200);
  });

  test('a malformed list is refused with 400 and stores nothing', async () => {
    for (const body of [
      {},
      { ignored_users: [] },
      { ignored_users: 'x' },
      { ignored_users: null },
      { ignored_users: { [bob.userId]: 1 } },
      { ignored_users: { [bob.userId]: [] } },
    ]) {
      expectError(await putIgnored(carol, body), 400, 'M_BAD_JSON');
    }
    for (const key of ['bob', '@nocolon', '#room:localhost', '']) {
      expectError(await putIgnored(carol, { ignored_users: { [key]: {} } }), 400, 'M_INVALID_PARAM');
    }
    expectError(await carol.api.get(`/user/${r(carol.userId)}/account_data/m.ignored_user_list`), 404, 'M_NOT_FOUND');
  });

  test('ignoring yourself is refused', async () => {
    expectError(await putIgnored(carol, { ignored_users: { [carol.userId]: {} } }), 400, 'M_INVALID_PARAM');
    expectError(await putIgnored(carol, { ignored_users: { [bob.userId]: {}, [carol.userId]: {} } }), 400, 'M_INVALID_PARAM');
  });

  test('the list reads back as stored; remote user IDs may be ignored too', async () => {
    const res = await alice.api.get(`/user/${r(alice.userId)}/account_data/m.ignored_user_list`);
    assert.deepEqual(res.body, { ignored_users: { [bob.userId]: {} } });
    const remote = await putIgnored(carol, { ignored_users: { '@someone:elsewhere.example': {} } });
    assert.equal(remote.status, 200);
    assert.equal((await putIgnored(carol, { ignored_users: {} })).status, 200);
  });

  test("/messages drops the ignored user's messages and keeps their state; paging still reaches every other event", async () => {
    const seen: any[] = [];
    let from: string | undefined;
    for (let page = 0; page < 20; page++) {
      const res = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=3${from ? `&from=${r(from)}` : ''}`);
      assert.equal(res.status, 200);
      seen.push(...res.body.chunk);
      if (!res.body.end) break;
      from = res.body.end;
    }
    const expected = Array.from({ length: 12 }, (_, i) => i)
      .filter((i) => i % 3 !== 1)
      .reverse()
      .map((i) => `${word} m${i}`);
    assert.deepEqual(bodies(seen), expected);
    assert.ok(
      seen.some((e) => e.event_id === bobTopic),
      'state from an ignored user stays',
    );
    assert.ok(!seen.some((e) => e.sender === bob.userId && e.state_key === undefined));
    // Carol, who ignores nobody, sees bob's messages.
    const carolView = await carol.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=50`);
    assert.ok(bodies(carolView.body.chunk).includes(`${word} m1`));
  });

  test('/context around an event leaves out the ignored messages; its tokens continue the timeline', async () => {
    const res = await alice.api.get(`/rooms/${r(roomId)}/context/${r(ids[6]!)}?limit=4`);
    assert.equal(res.status, 200);
    assert.deepEqual(bodies(res.body.events_before), [`${word} m5`, `${word} m3`]);
    assert.deepEqual(bodies(res.body.events_after), [`${word} m8`, `${word} m9`]);
    const back = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=2&from=${r(res.body.start)}`);
    assert.deepEqual(bodies(back.body.chunk), [`${word} m2`, `${word} m0`]);
    // The ignored event itself is not served, as if missing.
    expectError(await alice.api.get(`/rooms/${r(roomId)}/context/${r(ids[7]!)}`), 404, 'M_NOT_FOUND');
    expectError(await alice.api.get(`/rooms/${r(roomId)}/event/${r(ids[7]!)}`), 404, 'M_NOT_FOUND');
    assert.equal((await alice.api.get(`/rooms/${r(roomId)}/event/${r(bobTopic)}`)).status, 200);
    assert.equal((await carol.api.get(`/rooms/${r(roomId)}/event/${r(ids[7]!)}`)).status, 200);
  });

  test('/search does not return the ignored messages', async () => {
    const res = await alice.api.post('/search', { search_categories: { room_events: { search_term: word, order_by: 'recent' } } });
    assert.equal(res.status, 200);
    const found = res.body.search_categories.room_events.results.map((x: any) => x.result.sender);
    assert.equal(found.length, 8);
    assert.ok(!found.includes(bob.userId));
  });

  test('state reads and members still show the ignored user', async () => {
    const state = await alice.api.get(`/rooms/${r(roomId)}/state/m.room.topic`);
    assert.deepEqual(state.body, { topic: 'bob set this' });
    const members = await alice.api.get(`/rooms/${r(roomId)}/members`);
    assert.ok(members.body.chunk.some((e: any) => e.state_key === bob.userId));
  });

  test("an ignored user's invite is stored but not sent in /sync; another's is", async () => {
    const fromBob = await createRoom(bob, { preset: 'private_chat' });
    await invite(bob, fromBob, alice.userId);
    const fromCarol = await createRoom(carol, { preset: 'private_chat' });
    await invite(carol, fromCarol, alice.userId);
    const sync = await alice.api.get('/sync?timeout=0');
    assert.equal(sync.body.rooms.invite[fromBob], undefined);
    assert.ok(sync.body.rooms.invite[fromCarol]);
    // The invite stands: alice may still accept it.
    await join(alice, fromBob);
  });

  test("unignoring makes the user's events readable again, including those sent while ignored", async () => {
    const other = await createRoom(carol, { preset: 'public_chat' });
    await join(alice, other);
    await join(bob, other);
    const during = await sendText(bob, other, 'sent while ignored');
    const hidden = await alice.api.get(`/rooms/${r(other)}/messages?dir=b&limit=10`);
    assert.ok(!hidden.body.chunk.some((e: any) => e.event_id === during));
    assert.equal((await putIgnored(alice, { ignored_users: {} })).status, 200);
    const shown = await alice.api.get(`/rooms/${r(other)}/messages?dir=b&limit=10`);
    assert.ok(shown.body.chunk.some((e: any) => e.event_id === during));
    assert.equal((await putIgnored(alice, { ignored_users: { [bob.userId]: {} } })).status, 200);
  });
});
