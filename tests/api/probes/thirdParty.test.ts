import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError } from '../../support/client.ts';

onEachDatabase('third-party identifiers and protocols (not supported)', (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);

  test('no protocols, no identifiers', async () => {
    assert.deepEqual((await alice.api.get('/thirdparty/protocols')).body, {});
    assert.deepEqual((await alice.api.get('/account/3pid')).body, { threepids: [] });
    expectError(await new Api(ctx.server.url).get('/thirdparty/protocols'), 401, 'M_MISSING_TOKEN');
    expectError(await new Api(ctx.server.url).get('/account/3pid'), 401, 'M_MISSING_TOKEN');
  });

  test('adding, binding or validating an identifier is 403 M_THREEPID_DENIED', async () => {
    const session = { sid: 'abc', client_secret: 'secret' };
    expectError(await alice.api.post('/account/3pid/add', session), 403, 'M_THREEPID_DENIED');
    expectError(await alice.api.post('/account/3pid/bind', { ...session, id_server: 'id.example.org', id_access_token: 't' }), 403, 'M_THREEPID_DENIED');
    expectError(await alice.api.post('/account/3pid', { three_pid_creds: session }), 403, 'M_THREEPID_DENIED');
    const email = { client_secret: 'secret', email: 'alice@example.org', send_attempt: 1 };
    expectError(await new Api(ctx.server.url).post('/account/3pid/email/requestToken', email), 403, 'M_THREEPID_DENIED');
    const phone = { client_secret: 'secret', country: 'GB', phone_number: '07700900001', send_attempt: 1 };
    expectError(await new Api(ctx.server.url).post('/account/3pid/msisdn/requestToken', phone), 403, 'M_THREEPID_DENIED');
    expectError(await new Api(ctx.server.url).post('/account/3pid/add', session), 401, 'M_MISSING_TOKEN');
  });

  test('removing or unbinding one succeeds with no-support (there is none to remove)', async () => {
    const threepid = { medium: 'email', address: 'alice@example.org' };
    assert.deepEqual((await alice.api.post('/account/3pid/delete', threepid)).body, { id_server_unbind_result: 'no-support' });
    assert.deepEqual((await alice.api.post('/account/3pid/unbind', threepid)).body, { id_server_unbind_result: 'no-support' });
    expectError(await alice.api.post('/account/3pid/delete', { medium: 'email' }), 400, 'M_BAD_JSON');
  });
});
