import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError, uniqueName } from '../../support/client.ts';
import { createRoom, nextTxnId, r, sendText } from '../../support/factories.ts';

async function registerGuest(baseUrl: string, body: Record<string, unknown> = {}): Promise<{ api: Api; userId: string; deviceId: string }> {
  const res = await new Api(baseUrl).post('/register?kind=guest', body);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { api: new Api(baseUrl, res.body.access_token), userId: res.body.user_id, deviceId: res.body.device_id };
}

onEachDatabase('guest accounts are off by default', (ctx) => {
  test('POST /register?kind=guest is 403 M_GUEST_ACCESS_FORBIDDEN', async () => {
    expectError(await new Api(ctx.server.url).post('/register?kind=guest', {}), 403, 'M_GUEST_ACCESS_FORBIDDEN');
  });
});

// Spec, "Guest Access": a guest may read, join rooms whose m.room.guest_access is can_join, send
// there, and look after their own account; nothing else.
onEachDatabase('guest accounts', { file: { guest_access: { enabled: true } } }, (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);
  let guest: Awaited<ReturnType<typeof registerGuest>>;
  let openRoom: string;
  let closedRoom: string;

  before(async () => {
    // Spec: every body parameter but initial_device_display_name is ignored for a guest.
    guest = await registerGuest(ctx.server.url, { initial_device_display_name: 'Guest phone', username: 'chosen', device_id: 'MINE', refresh_token: true });
    openRoom = await createRoom(alice, { preset: 'public_chat', initial_state: [{ type: 'm.room.guest_access', state_key: '', content: { guest_access: 'can_join' } }] });
    closedRoom = await createRoom(alice, { preset: 'public_chat' });
  });

  test('registration gives a numeric localpart and a session; whoami says guest', async () => {
    assert.match(guest.userId, /^@[0-9]+:localhost$/);
    assert.notEqual(guest.deviceId, 'MINE');
    const whoami = await guest.api.get('/account/whoami');
    assert.deepEqual(whoami.body, { user_id: guest.userId, device_id: guest.deviceId, is_guest: true });
    const devices = await guest.api.get('/devices');
    assert.equal(devices.body.devices[0].display_name, 'Guest phone');
    const other = await registerGuest(ctx.server.url);
    assert.notEqual(other.userId, guest.userId);
    // The public room directory is open to guests (to find rooms to peek into or join).
    assert.equal((await guest.api.get('/publicRooms')).status, 200);
    assert.equal((await guest.api.post('/publicRooms', {})).status, 200);
    // A full account is not a guest.
    assert.equal((await alice.api.get('/account/whoami')).body.is_guest, false);
  });

  test('a guest joins a can_join room, sends, sets state, reads and leaves', async () => {
    assert.equal((await guest.api.post(`/rooms/${r(openRoom)}/join`, {})).status, 200);
    const sent = await guest.api.put(`/rooms/${r(openRoom)}/send/m.room.message/${nextTxnId()}`, { msgtype: 'm.text', body: 'hello from a guest' });
    assert.equal(sent.status, 200);
    const messages = await guest.api.get(`/rooms/${r(openRoom)}/messages?dir=b&limit=5`);
    assert.ok(messages.body.chunk.some((e: any) => e.event_id === sent.body.event_id));
    assert.equal((await guest.api.get(`/rooms/${r(openRoom)}/members`)).status, 200);
    const sync = await guest.api.get('/sync?timeout=0');
    assert.ok(sync.body.rooms.join[openRoom]);
    assert.equal((await guest.api.put(`/rooms/${r(openRoom)}/typing/${r(guest.userId)}`, { typing: false })).status, 200);
    assert.equal((await guest.api.post(`/rooms/${r(openRoom)}/leave`, {})).status, 200);
  });

  test('a guest may not join a room without guest_access can_join, even a public one', async () => {
    expectError(await guest.api.post(`/rooms/${r(closedRoom)}/join`, {}), 403, 'M_FORBIDDEN');
    expectError(await guest.api.post(`/join/${r(closedRoom)}`, {}), 403, 'M_FORBIDDEN');
    const forbidden = await createRoom(alice, { preset: 'public_chat', initial_state: [{ type: 'm.room.guest_access', state_key: '', content: { guest_access: 'forbidden' } }] });
    expectError(await guest.api.post(`/rooms/${r(forbidden)}/join`, {}), 403, 'M_FORBIDDEN');
    // A full account joins the same rooms.
    const bob = await new Api(ctx.server.url).post('/register', { username: uniqueName('b'), password: 'a long password here', auth: { type: 'm.login.dummy' } });
    assert.equal((await new Api(ctx.server.url, bob.body.access_token).post(`/rooms/${r(closedRoom)}/join`, {})).status, 200);
  });

  test('everything outside the guest list is 403 M_GUEST_ACCESS_FORBIDDEN', async () => {
    const refused: Array<[string, string, unknown?]> = [
      ['POST', '/createRoom', {}],
      ['POST', `/rooms/${r(openRoom)}/invite`, { user_id: alice.userId }],
      ['POST', '/search', { search_categories: { room_events: { search_term: 'x' } } }],
      ['PUT', `/directory/room/${r(`#${uniqueName('g')}:localhost`)}`, { room_id: openRoom }],
      ['POST', '/user_directory/search', { search_term: 'a' }],
      ['POST', '/account/password', { new_password: 'whatever it is' }],
      ['POST', '/account/deactivate', {}],
      ['PUT', `/profile/${r(guest.userId)}/avatar_url`, { avatar_url: 'mxc://localhost/x' }],
      ['GET', '/joined_rooms'],
      ['POST', '/pushers/set', {}],
      ['POST', `/rooms/${r(openRoom)}/forget`, {}],
      ['PUT', `/rooms/${r(openRoom)}/redact/${r('$x')}/${nextTxnId()}`, {}],
      ['POST', '/_matrix/media/v3/upload', {}],
    ];
    for (const [method, path, body] of refused) {
      const res = path.startsWith('/_matrix') ? await fetch(`${ctx.server.url}${path}`, { method, headers: { authorization: `Bearer ${guest.api.accessToken}` } }) : undefined;
      if (res) {
        assert.equal(res.status, 403, `${method} ${path}`);
        assert.equal(((await res.json()) as { errcode: string }).errcode, 'M_GUEST_ACCESS_FORBIDDEN', `${method} ${path}`);
        continue;
      }
      expectError(await guest.api.request(method, path, body), 403, 'M_GUEST_ACCESS_FORBIDDEN');
    }
  });

  test('a guest may change their display name, but no other profile field', async () => {
    assert.equal((await guest.api.put(`/profile/${r(guest.userId)}/displayname`, { displayname: 'Visitor' })).status, 200);
    assert.equal((await guest.api.get(`/profile/${r(guest.userId)}/displayname`)).body.displayname, 'Visitor');
    expectError(await guest.api.put(`/profile/${r(guest.userId)}/avatar_url`, { avatar_url: 'mxc://localhost/abc' }), 403, 'M_GUEST_ACCESS_FORBIDDEN');
  });

  test('a guest reads a world_readable room without joining; other rooms stay closed', async () => {
    const readable = await createRoom(alice, {
      preset: 'public_chat',
      initial_state: [{ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'world_readable' } }],
    });
    const said = await sendText(alice, readable, 'for all to read');
    const messages = await guest.api.get(`/rooms/${r(readable)}/messages?dir=b&limit=10`);
    assert.equal(messages.status, 200);
    assert.ok(messages.body.chunk.some((e: any) => e.event_id === said));
    assert.equal((await guest.api.get(`/rooms/${r(readable)}/event/${r(said)}`)).status, 200);
    assert.equal((await guest.api.get(`/rooms/${r(readable)}/state`)).status, 200);
    assert.equal((await guest.api.get(`/rooms/${r(readable)}/initialSync`)).status, 200);
    const shared = await sendText(alice, closedRoom, 'members only');
    expectError(await guest.api.get(`/rooms/${r(closedRoom)}/messages?dir=b`), 403, 'M_FORBIDDEN');
    // GET /event answers 404 for a room the caller may not read (the spec's one refusal for it).
    expectError(await guest.api.get(`/rooms/${r(closedRoom)}/event/${r(shared)}`), 404, 'M_NOT_FOUND');
  });

  test('a guest upgrades to a full account with their token and localpart; nobody else can take it', async () => {
    const g = await registerGuest(ctx.server.url);
    const localpart = g.userId.slice(1, g.userId.indexOf(':'));
    const anon = new Api(ctx.server.url);
    const upgrade = (body: Record<string, unknown>) => anon.post('/register', { password: 'a long password here', auth: { type: 'm.login.dummy' }, ...body });
    // Without the token the localpart is taken; with another guest's token or a full account's, refused.
    expectError(await upgrade({ username: localpart }), 400, 'M_USER_IN_USE');
    const other = await registerGuest(ctx.server.url);
    expectError(await upgrade({ username: localpart, guest_access_token: other.api.accessToken }), 403, 'M_FORBIDDEN');
    expectError(await upgrade({ username: localpart, guest_access_token: alice.accessToken }), 403, 'M_FORBIDDEN');
    expectError(await upgrade({ username: localpart, guest_access_token: 'not a token' }), 403, 'M_FORBIDDEN');
    const done = await upgrade({ username: localpart, guest_access_token: g.api.accessToken });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.user_id, g.userId);
    const full = new Api(ctx.server.url, done.body.access_token);
    assert.equal((await full.get('/account/whoami')).body.is_guest, false);
    // The guest's own token now acts for a full account too.
    assert.equal((await g.api.get('/account/whoami')).body.is_guest, false);
    assert.equal((await g.api.post('/createRoom', {})).status, 200);
    const login = await anon.post('/login', { type: 'm.login.password', identifier: { type: 'm.id.user', user: localpart }, password: 'a long password here' });
    assert.equal(login.status, 200);
    // Once upgraded, the token no longer upgrades anything.
    expectError(await upgrade({ username: localpart, guest_access_token: g.api.accessToken }), 403, 'M_FORBIDDEN');
  });

  test('when guest_access stops being can_join, joined guests are made to leave', async () => {
    const room = await createRoom(alice, { preset: 'public_chat', initial_state: [{ type: 'm.room.guest_access', state_key: '', content: { guest_access: 'can_join' } }] });
    const g = await registerGuest(ctx.server.url);
    assert.equal((await g.api.post(`/rooms/${r(room)}/join`, {})).status, 200);
    // Another change that keeps can_join leaves the guest in.
    assert.equal((await alice.api.put(`/rooms/${r(room)}/state/m.room.guest_access`, { guest_access: 'can_join', extra: 1 })).status, 200);
    assert.equal((await alice.api.get(`/rooms/${r(room)}/state/m.room.member/${r(g.userId)}`)).body.membership, 'join');
    assert.equal((await alice.api.put(`/rooms/${r(room)}/state/m.room.guest_access`, { guest_access: 'forbidden' })).status, 200);
    const member = await alice.api.get(`/rooms/${r(room)}/state/m.room.member/${r(g.userId)}`);
    assert.equal(member.body.membership, 'leave');
    // Alice, not a guest, stays.
    assert.equal((await alice.api.get(`/rooms/${r(room)}/state/m.room.member/${r(alice.userId)}`)).body.membership, 'join');
    expectError(await g.api.post(`/rooms/${r(room)}/join`, {}), 403, 'M_FORBIDDEN');
  });
});
