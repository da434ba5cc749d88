import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUser, type TestUser } from '../../support/client.ts';
import { withPasswordAuth } from '../../support/uia.ts';
import { expectRawError, rawRequest, upload, uploadOk } from './mediaRequests.ts';

onEachDatabase('media upload and download', { file: { media: { max_upload_size: 4096, legacy_freeze_date: '2999-01-01' } } }, (ctx) => {
  let alice: TestUser;
  let bob: TestUser;
  before(async () => {
    alice = await registerUser(ctx.server.url);
    bob = await registerUser(ctx.server.url);
  });

  test('an upload round-trips with its file name and content type', async () => {
    const { uri, server, mediaId } = await uploadOk(ctx.server.url, alice.accessToken, 'hello, media', 'text/plain', 'grüße 1.txt');
    assert.match(uri, /^mxc:\/\/localhost\/[A-Za-z0-9_-]+$/);
    const res = await rawRequest(`${ctx.server.url}/_matrix/client/v1/media/download/${server}/${mediaId}`, { token: bob.accessToken });
    assert.equal(res.status, 200);
    assert.equal(res.bytes.toString('utf8'), 'hello, media');
    assert.equal(res.headers.get('content-type'), 'text/plain');
    assert.equal(res.headers.get('content-disposition'), `inline; filename="gr__e 1.txt"; filename*=UTF-8''gr%C3%BC%C3%9Fe%201.txt`);
    const named = await rawRequest(`${ctx.server.url}/_matrix/client/v1/media/download/${server}/${mediaId}/other.txt`, { token: bob.accessToken });
    assert.equal(named.status, 200);
    assert.match(named.headers.get('content-disposition') ?? '', /filename="other\.txt"/);
  });

  test('authenticated downloads refuse a request without a token', async () => {
    const { server, mediaId } = await uploadOk(ctx.server.url, alice.accessToken, 'secret');
    expectRawError(await rawRequest(`${ctx.server.url}/_matrix/client/v1/media/download/${server}/${mediaId}`), 401, 'M_MISSING_TOKEN');
    expectRawError(await rawRequest(`${ctx.server.url}/_matrix/client/v1/media/thumbnail/${server}/${mediaId}?width=32&height=32`), 401, 'M_MISSING_TOKEN');
  });

  test('unknown media, malformed IDs and remote servers are 404 M_NOT_FOUND', async () => {
    const base = `${ctx.server.url}/_matrix/client/v1/media/download`;
    expectRawError(await rawRequest(`${base}/localhost/nosuchmedia`, { token: bob.accessToken }), 404, 'M_NOT_FOUND');
    expectRawError(await rawRequest(`${base}/localhost/bad.id`, { token: bob.accessToken }), 404, 'M_NOT_FOUND');
    const { mediaId } = await uploadOk(ctx.server.url, alice.accessToken, 'x');
    expectRawError(await rawRequest(`${base}/elsewhere.example/${mediaId}`, { token: bob.accessToken }), 404, 'M_NOT_FOUND');
  });

  test('an upload over media.max_upload_size is 413 M_TOO_LARGE, declared or streamed', async () => {
    expectRawError(await upload(ctx.server.url, alice.accessToken, Buffer.alloc(4097)), 413, 'M_TOO_LARGE');
    // Chunked (no Content-Length): cut off while streaming.
    const body = new ReadableStream({
      start(c) {
        for (let i = 0; i < 5; i++) c.enqueue(new Uint8Array(1000));
        c.close();
      },
    });
    const res = await fetch(`${ctx.server.url}/_matrix/media/v3/upload`, {
      method: 'POST',
      headers: { authorization: `Bearer ${alice.accessToken}`, 'content-type': 'application/octet-stream' },
      body,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 413);
    assert.equal(((await res.json()) as { errcode: string }).errcode, 'M_TOO_LARGE');
    const exact = await upload(ctx.server.url, alice.accessToken, Buffer.alloc(4096, 1));
    assert.equal(exact.status, 200);
  });

  test('/config advertises the upload limit on both paths', async () => {
    for (const path of ['/_matrix/client/v1/media/config', '/_matrix/media/v3/config']) {
      const res = await alice.api.get(path);
      assert.equal(res.status, 200);
      assert.equal(res.body['m.upload.size'], 4096);
    }
  });

  test('identical uploads are stored once', async () => {
    if (ctx.server.config.ephemeral) return;
    const content = `same bytes ${Date.now()}`;
    const a = await uploadOk(ctx.server.url, alice.accessToken, content, 'text/plain', 'a.txt');
    const b = await uploadOk(ctx.server.url, bob.accessToken, content, 'application/octet-stream', 'b.bin');
    assert.notEqual(a.mediaId, b.mediaId);
    const sha = createHash('sha256').update(content).digest('hex');
    const dir = join(ctx.server.config.dataDir, 'media', 'sha256', sha.slice(0, 2), sha.slice(2, 4));
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.startsWith(sha)),
      [sha],
    );
    const resB = await rawRequest(`${ctx.server.url}/_matrix/client/v1/media/download/localhost/${b.mediaId}`, { token: alice.accessToken });
    assert.equal(resB.headers.get('content-type'), 'application/octet-stream');
    assert.match(resB.headers.get('content-disposition') ?? '', /^attachment; filename="b\.bin"/);
  });

  test('an empty upload is stored and served', async () => {
    const { mediaId } = await uploadOk(ctx.server.url, alice.accessToken, '', 'text/plain');
    const res = await rawRequest(`${ctx.server.url}/_matrix/client/v1/media/download/localhost/${mediaId}`, { token: alice.accessToken });
    assert.equal(res.status, 200);
    assert.equal(res.bytes.length, 0);
  });

  test('a bad filename is 400 M_INVALID_PARAM; a malformed content type is stored as octet-stream', async () => {
    expectRawError(await upload(ctx.server.url, alice.accessToken, 'x', 'text/plain', 'a\u0001b'), 400, 'M_INVALID_PARAM');
    const { mediaId } = await uploadOk(ctx.server.url, alice.accessToken, 'x', 'not a type');
    const res = await rawRequest(`${ctx.server.url}/_matrix/client/v1/media/download/localhost/${mediaId}`, { token: alice.accessToken });
    assert.equal(res.headers.get('content-type'), 'application/octet-stream');
  });

  test('an upload is never parsed: a file typed application/json that is not JSON is stored as it is', async () => {
    const { mediaId } = await uploadOk(ctx.server.url, alice.accessToken, '{"broken": ', 'application/json', 'half.json');
    const res = await rawRequest(`${ctx.server.url}/_matrix/client/v1/media/download/localhost/${mediaId}`, { token: alice.accessToken });
    assert.equal(res.bytes.toString(), '{"broken": ');
    assert.match(res.headers.get('content-disposition') ?? '', /^attachment; filename="half\.json"/);
  });

  test('uploads need a token', async () => {
    expectRawError(await rawRequest(`${ctx.server.url}/_matrix/media/v3/upload`, { method: 'POST', body: 'x', headers: { 'content-type': 'text/plain' } }), 401, 'M_MISSING_TOKEN');
  });

  test('a non-JSON POST or PUT to an unknown path is 404 M_UNRECOGNIZED, not M_NOT_JSON', async () => {
    for (const method of ['POST', 'PUT']) {
      const res = await rawRequest(`${ctx.server.url}/_matrix/client/v3/no/such/upload`, {
        method,
        token: alice.accessToken,
        body: '\x89PNG not json',
        headers: { 'content-type': 'image/png' },
      });
      expectRawError(res, 404, 'M_UNRECOGNIZED');
    }
    expectRawError(
      await rawRequest(`${ctx.server.url}/_matrix/media/v3/nothing`, { method: 'POST', body: 'plain', headers: { 'content-type': 'text/plain' } }),
      404,
      'M_UNRECOGNIZED',
    );
    // A JSON endpoint still parses its body: non-JSON there is M_NOT_JSON.
    expectRawError(
      await rawRequest(`${ctx.server.url}/_matrix/client/v3/createRoom`, { method: 'POST', token: alice.accessToken, body: 'not json', headers: { 'content-type': 'text/plain' } }),
      400,
      'M_NOT_JSON',
    );
  });

  test("a deactivated user's media stays available; the user can no longer upload", async () => {
    const dave = await registerUser(ctx.server.url);
    const { mediaId } = await uploadOk(ctx.server.url, dave.accessToken, 'kept', 'text/plain');
    assert.equal((await withPasswordAuth(dave.api, dave, 'POST', '/account/deactivate')).status, 200);
    expectRawError(await upload(ctx.server.url, dave.accessToken, 'more'), 401, 'M_UNKNOWN_TOKEN');
    const res = await rawRequest(`${ctx.server.url}/_matrix/client/v1/media/download/localhost/${mediaId}`, { token: bob.accessToken });
    assert.equal(res.bytes.toString(), 'kept');
  });

  test('older clients reach the legacy endpoints under /_matrix/media/r0 too', async () => {
    const res = await rawRequest(`${ctx.server.url}/_matrix/media/r0/upload?filename=old.txt`, {
      method: 'POST',
      token: alice.accessToken,
      body: 'via r0',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(res.status, 200);
    const mediaId = (res.json.content_uri as string).split('/').pop();
    const got = await rawRequest(`${ctx.server.url}/_matrix/media/r0/download/localhost/${mediaId}`);
    assert.equal(got.bytes.toString(), 'via r0');
    assert.equal((await alice.api.get('/_matrix/media/r0/config')).body['m.upload.size'], 4096);
  });
});
