import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError } from '../../support/client.ts';

const URIS = ['turn:turn.example.org:3478?transport=udp', 'turns:turn.example.org:5349?transport=tcp'];

onEachDatabase('TURN server: not configured', (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);
  test('answers {} and needs a token', async () => {
    assert.deepEqual((await alice.api.get('/voip/turnServer')).body, {});
    expectError(await new Api(ctx.server.url).get('/voip/turnServer'), 401, 'M_MISSING_TOKEN');
  });
});

onEachDatabase('TURN server: shared secret (coturn REST API)', { file: { turn: { uris: URIS, shared_secret: 's3cret', user_lifetime_ms: 600_000 } } }, (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);
  test('username is <expiry>:<userId>, password the HMAC-SHA1 of it, ttl the lifetime', async () => {
    const before = Math.floor(Date.now() / 1000);
    const body = (await alice.api.get('/voip/turnServer')).body;
    const after = Math.floor(Date.now() / 1000);
    assert.deepEqual(body.uris, URIS);
    assert.equal(body.ttl, 600);
    const [expiry, ...rest] = (body.username as string).split(':');
    assert.equal(rest.join(':'), alice.userId);
    assert.ok(Number(expiry) >= before + 600 && Number(expiry) <= after + 600);
    assert.equal(body.password, createHmac('sha1', 's3cret').update(body.username).digest('base64'));
    assert.notEqual(body.password, createHmac('sha1', 'other').update(body.username).digest('base64'));
  });
});

onEachDatabase('TURN server: static credentials', { file: { turn: { uris: URIS, username: 'turnuser', password: 'turnpass' } } }, (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);
  test('answers the configured username and password', async () => {
    assert.deepEqual((await alice.api.get('/voip/turnServer')).body, { username: 'turnuser', password: 'turnpass', uris: URIS, ttl: 86400 });
  });
});
