import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { registerUsersBefore } from '../support/registerUsersBefore.ts';
import { Api, expectError } from '../support/client.ts';
import { createRoom, r } from '../support/factories.ts';

onEachDatabase('HTTP basics', { file: { max_body_bytes: 4096 } }, (ctx) => {
  let api: Api;
  const { alice } = registerUsersBefore(ctx, ['alice']);
  before(async () => {
    api = new Api(ctx.server.url);
  });

  test('discovery: versions, well-known client and server, capabilities', async () => {
    const versions = await api.get('/_matrix/client/versions');
    assert.equal(versions.status, 200);
    assert.ok(versions.body.versions.includes('v1.1'));
    assert.ok(versions.body.versions.includes('r0.6.1'));
    const wk = await api.get('/.well-known/matrix/client');
    assert.equal(wk.body['m.homeserver'].base_url, ctx.server.config.publicBaseUrl);
    const wks = await api.get('/.well-known/matrix/server');
    assert.match(wks.body['m.server'], /:\d+$/);
    const caps = await alice.api.get('/capabilities');
    assert.equal(caps.body.capabilities['m.room_versions'].default, '10');
    assert.equal(caps.body.capabilities['m.room_versions'].available['11'], 'stable');
    expectError(await api.get('/capabilities'), 401, 'M_MISSING_TOKEN');
  });

  test('CORS headers on every answer and OPTIONS preflight', async () => {
    const res = await fetch(`${ctx.server.url}/_matrix/client/v3/sync`, { method: 'OPTIONS', headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' } });
    assert.ok(res.status === 200 || res.status === 204);
    assert.equal(res.headers.get('access-control-allow-origin'), '*');
    assert.match(res.headers.get('access-control-allow-headers') ?? '', /Authorization/);
    const err = await api.get('/sync');
    assert.equal(err.headers.get('access-control-allow-origin'), '*');
    assert.ok(err.headers.get('x-request-id'));
  });

  test('unknown endpoints are 404 and wrong methods 405, both M_UNRECOGNIZED', async () => {
    expectError(await api.get('/_matrix/client/v3/no/such/thing'), 404, 'M_UNRECOGNIZED');
    expectError(await api.request('DELETE', '/_matrix/client/v3/login'), 405, 'M_UNRECOGNIZED');
    expectError(await alice.api.request('PATCH', `/rooms/${r('!a:localhost')}/send/m.room.message/x`), 405, 'M_UNRECOGNIZED');
  });

  test('tokens: missing, unknown, header and query parameter', async () => {
    expectError(await api.get('/account/whoami'), 401, 'M_MISSING_TOKEN');
    expectError(await new Api(ctx.server.url, 'nope').get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
    const viaQuery = await api.get(`/account/whoami?access_token=${alice.accessToken}`);
    assert.equal(viaQuery.body.user_id, alice.userId);
  });

  test('bodies: not JSON, not an object, too large, wrong field types', async () => {
    const roomId = await createRoom(alice);
    const path = `/rooms/${r(roomId)}/send/m.room.message/`;
    expectError(await alice.api.request('PUT', `${path}a`, undefined, { rawBody: '{"body":', headers: { 'content-type': 'application/json' } }), 400, 'M_NOT_JSON');
    expectError(await alice.api.request('PUT', `${path}b`, undefined, { rawBody: '"text"', headers: { 'content-type': 'application/json' } }), 400, 'M_NOT_JSON');
    expectError(await alice.api.put(`${path}c`, { body: 'x'.repeat(5000) }), 413, 'M_TOO_LARGE');
    expectError(await alice.api.post('/createRoom', { name: 42 }), 400, 'M_BAD_JSON');
    expectError(await alice.api.post('/createRoom', { preset: 'nonsense' }), 400, 'M_BAD_JSON');
    expectError(await alice.api.get(`/rooms/${r(roomId)}/messages?dir=sideways`), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.get(`/rooms/${r(roomId)}/messages`), 400, 'M_MISSING_PARAM');
  });

  test('legacy r0 paths serve the same endpoints (weechat-matrix and older clients)', async () => {
    const roomId = await createRoom(alice, { name: 'r0 room' });
    const who = await alice.api.get('/_matrix/client/r0/account/whoami');
    assert.equal(who.body.user_id, alice.userId);
    const sent = await alice.api.put(`/_matrix/client/r0/rooms/${r(roomId)}/send/m.room.message/r0txn`, { msgtype: 'm.text', body: 'via r0' });
    assert.equal(sent.status, 200);
    const sync = await alice.api.get('/_matrix/client/r0/sync');
    const bodies = sync.body.rooms.join[roomId].timeline.events.map((e: { content: { body?: string } }) => e.content.body);
    assert.ok(bodies.includes('via r0'));
    const login = await api.post('/_matrix/client/r0/login', { type: 'm.login.password', user: alice.localpart, password: alice.password });
    assert.equal(login.status, 200);
  });
});
