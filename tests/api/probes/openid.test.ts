import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError, type ApiResponse } from '../../support/client.ts';
import { r } from '../../support/factories.ts';

onEachDatabase('OpenID tokens', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  const userinfo = (token: string): Promise<ApiResponse> => new Api(ctx.server.url).get(`/_matrix/federation/v1/openid/userinfo?access_token=${r(token)}`);

  test('a token requested by a user proves who they are', async () => {
    const res = await alice.api.post(`/user/${r(alice.userId)}/openid/request_token`, {});
    assert.equal(res.status, 200);
    assert.equal(res.body.token_type, 'Bearer');
    assert.equal(res.body.matrix_server_name, ctx.server.config.serverName);
    assert.equal(res.body.expires_in, 3600);
    assert.equal(typeof res.body.access_token, 'string');
    assert.deepEqual((await userinfo(res.body.access_token)).body, { sub: alice.userId });
    // The OpenID token is not an access token, nor the other way round.
    expectError(await new Api(ctx.server.url, res.body.access_token).get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
    expectError(await userinfo(alice.accessToken), 401, 'M_UNKNOWN_TOKEN');
  });

  test('only for oneself; unknown, expired or missing tokens are refused', async () => {
    expectError(await bob.api.post(`/user/${r(alice.userId)}/openid/request_token`, {}), 403, 'M_FORBIDDEN');
    expectError(await new Api(ctx.server.url).post(`/user/${r(alice.userId)}/openid/request_token`, {}), 401, 'M_MISSING_TOKEN');
    expectError(await userinfo('nonsense'), 401, 'M_UNKNOWN_TOKEN');
    expectError(await new Api(ctx.server.url).get('/_matrix/federation/v1/openid/userinfo'), 400, 'M_MISSING_PARAM');
    // Expiry: the server's clock moved past the hour.
    const res = await bob.api.post(`/user/${r(bob.userId)}/openid/request_token`, {});
    const deps = ctx.server.deps;
    const realNow = deps.now;
    deps.now = () => realNow() + 3_600_001;
    try {
      expectError(await userinfo(res.body.access_token), 401, 'M_UNKNOWN_TOKEN');
    } finally {
      deps.now = realNow;
    }
    assert.deepEqual((await userinfo(res.body.access_token)).body, { sub: bob.userId });
  });
});
