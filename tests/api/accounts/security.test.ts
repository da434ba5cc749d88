import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { Api, registerUser } from '../../support/client.ts';
import { login } from '../../support/uia.ts';

onEachDatabase('credential storage', (ctx) => {
  test('passwords are stored as argon2id hashes, never as text', async () => {
    const alice = await registerUser(ctx.server.url);
    const row = await ctx.server.deps.database.db.selectFrom('users').select('password_hash').where('user_id', '=', alice.userId).executeTakeFirstOrThrow();
    assert.ok(row.password_hash?.startsWith('$argon2id$'), String(row.password_hash));
    assert.ok(!row.password_hash!.includes(alice.password));
    // A changed password is hashed too.
    const challenge = await alice.api.post('/account/password', { new_password: 'brand new secret' });
    await alice.api.post('/account/password', {
      new_password: 'brand new secret',
      auth: { type: 'm.login.password', identifier: { type: 'm.id.user', user: alice.userId }, password: alice.password, session: challenge.body.session },
    });
    const after = await ctx.server.deps.database.db.selectFrom('users').select('password_hash').where('user_id', '=', alice.userId).executeTakeFirstOrThrow();
    assert.ok(after.password_hash?.startsWith('$argon2id$'));
    assert.notEqual(after.password_hash, row.password_hash);
  });

  test('access and refresh tokens are stored hashed: no row holds the token text', async () => {
    const alice = await registerUser(ctx.server.url);
    const session = await login(new Api(ctx.server.url), alice.localpart, alice.password, { refresh_token: true });
    const secrets = [alice.accessToken, session.body.access_token as string, session.body.refresh_token as string];
    const rows = await ctx.server.deps.database.db.selectFrom('access_tokens').selectAll().where('user_id', '=', alice.userId).execute();
    assert.equal(rows.length, 2);
    const dump = JSON.stringify(rows);
    for (const secret of secrets) {
      assert.equal(typeof secret, 'string');
      assert.ok(!dump.includes(secret), 'a token is stored in clear');
    }
    // Every row carries a hash that authentication can match.
    for (const row of rows) assert.match(row.token_hash, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(rows.some((row) => row.refresh_token_hash !== null));
  });
});
