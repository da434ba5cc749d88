import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUser, type TestUser } from '../../support/client.ts';
import { expectRawError, rawRequest } from './mediaRequests.ts';

async function create(user: TestUser): Promise<{ mediaId: string; server: string; expires: number }> {
  const res = await user.api.post('/_matrix/media/v1/create', {});
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const [server, mediaId] = (res.body.content_uri as string).slice('mxc://'.length).split('/') as [string, string];
  return { server, mediaId, expires: res.body.unused_expires_at };
}

const put = (base: string, user: TestUser, server: string, mediaId: string, body: string, type = 'text/plain'): ReturnType<typeof rawRequest> =>
  rawRequest(`${base}/_matrix/media/v3/upload/${server}/${mediaId}?filename=late.txt`, { method: 'PUT', token: user.accessToken, body, headers: { 'content-type': type } });

onEachDatabase('asynchronous media upload', { file: { media: { max_pending_uploads: 3 } } }, (ctx) => {
  let alice: TestUser;
  let bob: TestUser;
  before(async () => {
    alice = await registerUser(ctx.server.url);
    bob = await registerUser(ctx.server.url);
  });

  test('create, then PUT by its creator, once; the download serves it', async () => {
    const { server, mediaId, expires } = await create(alice);
    assert.ok(expires > Date.now() - 60_000);
    expectRawError(await put(ctx.server.url, bob, server, mediaId, 'not yours'), 403, 'M_FORBIDDEN');
    const ok = await put(ctx.server.url, alice, server, mediaId, 'later bytes');
    assert.equal(ok.status, 200, ok.bytes.toString());
    assert.deepEqual(ok.json, {});
    expectRawError(await put(ctx.server.url, alice, server, mediaId, 'again'), 409, 'M_CANNOT_OVERWRITE_MEDIA');
    const res = await rawRequest(`${ctx.server.url}/_matrix/client/v1/media/download/${server}/${mediaId}`, { token: bob.accessToken });
    assert.equal(res.status, 200);
    assert.equal(res.bytes.toString(), 'later bytes');
    assert.match(res.headers.get('content-disposition') ?? '', /filename="late\.txt"/);
  });

  test('a media ID not uploaded yet is 504 M_NOT_YET_UPLOADED once timeout_ms has passed', async () => {
    const { server, mediaId } = await create(alice);
    const res = await rawRequest(`${ctx.server.url}/_matrix/client/v1/media/download/${server}/${mediaId}?timeout_ms=0`, { token: bob.accessToken });
    expectRawError(res, 504, 'M_NOT_YET_UPLOADED');
    expectRawError(
      await rawRequest(`${ctx.server.url}/_matrix/client/v1/media/thumbnail/${server}/${mediaId}?width=32&height=32&timeout_ms=0`, { token: bob.accessToken }),
      504,
      'M_NOT_YET_UPLOADED',
    );
  });

  test('a download waiting for a pending upload gets it once uploaded', async () => {
    const { server, mediaId } = await create(alice);
    const waiting = rawRequest(`${ctx.server.url}/_matrix/client/v1/media/download/${server}/${mediaId}?timeout_ms=60000`, { token: bob.accessToken });
    assert.equal((await put(ctx.server.url, alice, server, mediaId, 'worth the wait')).status, 200);
    const res = await waiting;
    assert.equal(res.status, 200);
    assert.equal(res.bytes.toString(), 'worth the wait');
  });

  test('PUT to an unknown or remote media ID is 404 M_NOT_FOUND', async () => {
    expectRawError(await put(ctx.server.url, alice, 'localhost', 'nosuchid', 'x'), 404, 'M_NOT_FOUND');
    const { mediaId } = await create(alice);
    expectRawError(await put(ctx.server.url, alice, 'elsewhere.example', mediaId, 'x'), 404, 'M_NOT_FOUND');
    await put(ctx.server.url, alice, 'localhost', mediaId, 'x');
  });

  test('too many pending creates is 429 M_LIMIT_EXCEEDED; uploading one frees a slot', async () => {
    const carol = await registerUser(ctx.server.url);
    const first = await create(carol);
    await create(carol);
    await create(carol);
    const refused = await carol.api.post('/_matrix/media/v1/create', {});
    assert.equal(refused.status, 429);
    assert.equal(refused.body.errcode, 'M_LIMIT_EXCEEDED');
    assert.equal((await put(ctx.server.url, carol, first.server, first.mediaId, 'done')).status, 200);
    await create(carol);
  });
});

onEachDatabase('asynchronous media upload after expiry', { file: { media: { unused_expiry_ms: 0 } } }, (ctx) => {
  test('an expired media ID takes no upload and downloads as 404', async () => {
    const alice = await registerUser(ctx.server.url);
    const { server, mediaId } = await create(alice);
    expectRawError(await put(ctx.server.url, alice, server, mediaId, 'too late'), 404, 'M_NOT_FOUND');
    expectRawError(await rawRequest(`${ctx.server.url}/_matrix/client/v1/media/download/${server}/${mediaId}`, { token: alice.accessToken }), 404, 'M_NOT_FOUND');
  });
});
