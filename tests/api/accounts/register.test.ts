import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DATABASES } from '../../support/testDatabases.ts';
import { startTestServer, type TestServer } from '../../support/testServer.ts';
import { Api, expectError, registerUser, uniqueName } from '../../support/client.ts';

const PW = 'a long enough password';

for (const kind of DATABASES) {
  describe(`registration [${kind}]`, () => {
    const servers: TestServer[] = [];
    let open: Api;
    let tokenOnly: Api;
    let closed: Api;
    let withTerms: Api;
    before(async () => {
      const [a, b, c, d] = await Promise.all([
        startTestServer(kind),
        startTestServer(kind, { file: { registration: { mode: 'token', tokens: ['abc'] } } }),
        startTestServer(kind, { file: { registration: { mode: 'closed' } } }),
        startTestServer(kind, { file: { policies: [{ id: 'privacy', version: '1.0', name: 'Privacy Policy', url: 'https://example.org/privacy' }] } }),
      ]);
      servers.push(a!, b!, c!, d!);
      open = new Api(a!.url);
      tokenOnly = new Api(b!.url);
      closed = new Api(c!.url);
      withTerms = new Api(d!.url);
    });
    after(async () => Promise.all(servers.map((s) => s.close())));

    test('open registration: a dummy-auth challenge, then an account that works', async () => {
      const username = uniqueName('reg');
      const challenge = await open.post('/register', { username, password: PW, initial_device_display_name: 'Test rig' });
      assert.equal(challenge.status, 401);
      assert.deepEqual(challenge.body.flows, [{ stages: ['m.login.dummy'] }]);
      assert.equal(typeof challenge.body.session, 'string');
      const res = await open.post('/register', {
        username,
        password: PW,
        initial_device_display_name: 'Test rig',
        auth: { type: 'm.login.dummy', session: challenge.body.session },
      });
      assert.equal(res.status, 200);
      assert.equal(res.body.user_id, `@${username}:localhost`);
      assert.equal(typeof res.body.device_id, 'string');
      const api = open.withToken(res.body.access_token);
      const who = await api.get('/account/whoami');
      assert.deepEqual({ user_id: who.body.user_id, device_id: who.body.device_id }, { user_id: res.body.user_id, device_id: res.body.device_id });
      assert.equal((await api.get(`/devices/${res.body.device_id}`)).body.display_name, 'Test rig');
      expectError(await open.post('/register', { username, password: PW, auth: { type: 'm.login.dummy' } }), 400, 'M_USER_IN_USE');
    });

    test('usernames are checked for availability and grammar', async () => {
      const taken = await registerUser(servers[0]!.url);
      const free = await open.get(`/register/available?username=${uniqueName('free')}`);
      assert.equal(free.status, 200);
      assert.deepEqual(free.body, { available: true });
      expectError(await open.get(`/register/available?username=${taken.localpart}`), 400, 'M_USER_IN_USE');
      expectError(await open.get(`/register/available?username=${taken.localpart.toUpperCase()}`), 400, 'M_USER_IN_USE');
      expectError(await open.get(`/register/available?username=${encodeURIComponent('bad name!')}`), 400, 'M_INVALID_USERNAME');
      expectError(await open.post('/register', { username: 'bad name!', password: PW, auth: { type: 'm.login.dummy' } }), 400, 'M_INVALID_USERNAME');
      expectError(await open.get('/register/available'), 400, 'M_MISSING_PARAM');
    });

    test('inhibit_login creates the account without a session', async () => {
      const username = uniqueName('quiet');
      const res = await open.post('/register', { username, password: PW, inhibit_login: true, auth: { type: 'm.login.dummy' } });
      assert.equal(res.status, 200);
      assert.equal(res.body.user_id, `@${username}:localhost`);
      assert.equal(res.body.access_token, undefined);
      assert.equal(res.body.device_id, undefined);
      const login = await open.post('/login', { type: 'm.login.password', identifier: { type: 'm.id.user', user: username }, password: PW });
      assert.equal(login.status, 200);
    });

    test('guest registration is refused', async () => {
      expectError(await open.post('/register?kind=guest', {}), 403, 'M_GUEST_ACCESS_FORBIDDEN');
      expectError(await open.post('/register?kind=robot', {}), 400, 'M_INVALID_PARAM');
    });

    test('token-only registration needs a valid registration token', async () => {
      const username = uniqueName('tok');
      const challenge = await tokenOnly.post('/register', { username, password: PW });
      assert.equal(challenge.status, 401);
      assert.deepEqual(challenge.body.flows, [{ stages: ['m.login.registration_token'] }]);
      const bad = await tokenOnly.post('/register', { username, password: PW, auth: { type: 'm.login.registration_token', token: 'wrong', session: challenge.body.session } });
      assert.equal(bad.status, 401);
      assert.equal(bad.body.errcode, 'M_FORBIDDEN');
      assert.deepEqual(bad.body.completed, []);
      expectError(await tokenOnly.post('/register', { username, password: PW, auth: { type: 'm.login.dummy', session: challenge.body.session } }), 400, 'M_UNRECOGNIZED');
      const ok = await tokenOnly.post('/register', { username, password: PW, auth: { type: 'm.login.registration_token', token: 'abc', session: challenge.body.session } });
      assert.equal(ok.status, 200);
      assert.equal(ok.body.user_id, `@${username}:localhost`);
    });

    test('registration token validity', async () => {
      const path = `${tokenOnly.baseUrl}/_matrix/client/v1/register/m.login.registration_token/validity`;
      assert.deepEqual((await tokenOnly.get(`${path}?token=abc`)).body, { valid: true });
      assert.deepEqual((await tokenOnly.get(`${path}?token=nope`)).body, { valid: false });
      expectError(await tokenOnly.get(path), 400, 'M_MISSING_PARAM');
      expectError(await closed.get(`${closed.baseUrl}/_matrix/client/v1/register/m.login.registration_token/validity?token=abc`), 403, 'M_FORBIDDEN');
    });

    test('closed registration refuses everyone', async () => {
      expectError(await closed.post('/register', { username: uniqueName(), password: PW, auth: { type: 'm.login.dummy' } }), 403, 'M_FORBIDDEN');
      expectError(await closed.get(`/register/available?username=${uniqueName()}`), 403, 'M_FORBIDDEN');
    });

    test('terms add an m.login.terms stage, and the session remembers completed stages', async () => {
      const username = uniqueName('terms');
      const challenge = await withTerms.post('/register', { username, password: PW });
      assert.equal(challenge.status, 401);
      assert.deepEqual(challenge.body.flows, [{ stages: ['m.login.dummy', 'm.login.terms'] }]);
      assert.deepEqual(challenge.body.params['m.login.terms'], { policies: { privacy: { version: '1.0', en: { name: 'Privacy Policy', url: 'https://example.org/privacy' } } } });
      const session = challenge.body.session as string;
      const half = await withTerms.post('/register', { username, password: PW, auth: { type: 'm.login.dummy', session } });
      assert.equal(half.status, 401);
      assert.deepEqual(half.body.completed, ['m.login.dummy']);
      assert.equal(half.body.session, session);
      const done = await withTerms.post('/register', { username, password: PW, auth: { type: 'm.login.terms', session } });
      assert.equal(done.status, 200);
      assert.equal(done.body.user_id, `@${username}:localhost`);
      // The finished session cannot be replayed.
      expectError(await withTerms.post('/register', { username: uniqueName(), password: PW, auth: { session } }), 400, 'M_UNKNOWN');
    });

    test('malformed registrations are refused without a 500', async () => {
      expectError(await open.post('/register', { username: 5 }), 400, 'M_BAD_JSON');
      expectError(await open.post('/register', { username: uniqueName(), auth: 'dummy' }), 400, 'M_BAD_JSON');
      expectError(await open.request('POST', '/register', undefined, { rawBody: 'not json' }), 400, 'M_NOT_JSON');
      expectError(await open.post('/register', { username: uniqueName(), auth: { session: 'nosuchsession' } }), 400, 'M_UNKNOWN');
    });
  });
}
