import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUser, type TestUser } from '../../support/client.ts';
import { expectRawError, rawRequest, uploadOk } from './mediaRequests.ts';

const CSP = "sandbox; default-src 'none'; script-src 'none'; plugin-types application/pdf; style-src 'unsafe-inline'; media-src 'self'; object-src 'self';";

// Default configuration: media.legacy_freeze_date is the day this repository was frozen, so every upload is after it.
onEachDatabase('media serving headers', (ctx) => {
  let alice: TestUser;
  const download = (mediaId: string, headers: Record<string, string> = {}): ReturnType<typeof rawRequest> =>
    rawRequest(`${ctx.server.url}/_matrix/client/v1/media/download/localhost/${mediaId}`, { token: alice.accessToken, headers });
  before(async () => {
    alice = await registerUser(ctx.server.url);
  });

  test('SVG and HTML are attachments with the sandboxing CSP and nosniff; a PNG is inline', async () => {
    const svg = await uploadOk(ctx.server.url, alice.accessToken, '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', 'image/svg+xml', 'x.svg');
    const html = await uploadOk(ctx.server.url, alice.accessToken, '<script>alert(1)</script>', 'text/html', 'x.html');
    const png = await uploadOk(ctx.server.url, alice.accessToken, Buffer.from('89504e47', 'hex'), 'image/png');
    for (const [m, disposition] of [
      [svg, /^attachment; filename="x\.svg"/],
      [html, /^attachment; filename="x\.html"/],
      [png, /^inline$/],
    ] as const) {
      const res = await download(m.mediaId);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-disposition') ?? '', disposition);
      assert.equal(res.headers.get('content-security-policy'), CSP);
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(res.headers.get('cross-origin-resource-policy'), 'cross-origin');
      assert.match(res.headers.get('cache-control') ?? '', /immutable/);
    }
  });

  test('ETag and If-None-Match give 304 without a body', async () => {
    const { mediaId } = await uploadOk(ctx.server.url, alice.accessToken, 'cache me', 'text/plain');
    const first = await download(mediaId);
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^"[0-9a-f]{64}"$/);
    const again = await download(mediaId, { 'if-none-match': etag! });
    assert.equal(again.status, 304);
    assert.equal(again.bytes.length, 0);
    const other = await download(mediaId, { 'if-none-match': '"something-else"' });
    assert.equal(other.status, 200);
  });

  test('Range requests: 206 with Content-Range, 416 past the end', async () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
    const { mediaId } = await uploadOk(ctx.server.url, alice.accessToken, bytes, 'audio/ogg', 'song.ogg');
    const part = await download(mediaId, { range: 'bytes=100-199' });
    assert.equal(part.status, 206);
    assert.equal(part.headers.get('content-range'), 'bytes 100-199/1000');
    assert.deepEqual(part.bytes, bytes.subarray(100, 200));
    const tail = await download(mediaId, { range: 'bytes=-10' });
    assert.equal(tail.status, 206);
    assert.deepEqual(tail.bytes, bytes.subarray(990));
    const open = await download(mediaId, { range: 'bytes=995-' });
    assert.deepEqual(open.bytes, bytes.subarray(995));
    const past = await download(mediaId, { range: 'bytes=1000-1100' });
    assert.equal(past.status, 416);
    assert.equal(past.headers.get('content-range'), 'bytes */1000');
    const whole = await download(mediaId, { range: 'bytes=0-1,5-6' });
    assert.equal(whole.status, 200);
    assert.equal(whole.bytes.length, 1000);
    assert.equal(whole.headers.get('accept-ranges'), 'bytes');
  });

  test('the legacy unauthenticated endpoints do not serve media uploaded after media.legacy_freeze_date', async () => {
    const { mediaId } = await uploadOk(ctx.server.url, alice.accessToken, 'new media', 'text/plain');
    expectRawError(await rawRequest(`${ctx.server.url}/_matrix/media/v3/download/localhost/${mediaId}`), 404, 'M_NOT_FOUND');
    expectRawError(await rawRequest(`${ctx.server.url}/_matrix/media/v3/download/localhost/${mediaId}/x.txt`), 404, 'M_NOT_FOUND');
    expectRawError(await rawRequest(`${ctx.server.url}/_matrix/media/v3/thumbnail/localhost/${mediaId}?width=32&height=32`), 404, 'M_NOT_FOUND');
    assert.equal((await download(mediaId)).status, 200);
  });

  test("with an access token the legacy endpoints serve new media too (Element's service worker, matrix-bot-sdk 0.7)", async () => {
    const { mediaId } = await uploadOk(ctx.server.url, alice.accessToken, 'new media', 'text/plain', 'n.txt');
    const token = alice.accessToken;
    for (const prefix of ['/_matrix/media/v3', '/_matrix/media/r0']) {
      const res = await rawRequest(`${ctx.server.url}${prefix}/download/localhost/${mediaId}`, { token });
      assert.equal(res.status, 200, prefix);
      assert.equal(res.bytes.toString(), 'new media');
      assert.match(res.headers.get('cache-control') ?? '', /^private/);
    }
    assert.equal((await rawRequest(`${ctx.server.url}/_matrix/media/v3/download/localhost/${mediaId}/other.txt`, { token })).status, 200);
    // A token that is not valid is refused, not treated as none.
    expectRawError(await rawRequest(`${ctx.server.url}/_matrix/media/v3/download/localhost/${mediaId}`, { token: 'nonsense' }), 401, 'M_UNKNOWN_TOKEN');
  });

  test("MSC3916's unstable paths serve the authenticated endpoints, and /versions advertises them", async () => {
    const { mediaId } = await uploadOk(ctx.server.url, alice.accessToken, 'unstable path', 'text/plain');
    const base = `${ctx.server.url}/_matrix/client/unstable/org.matrix.msc3916/media`;
    const res = await rawRequest(`${base}/download/localhost/${mediaId}`, { token: alice.accessToken });
    assert.equal(res.status, 200);
    assert.equal(res.bytes.toString(), 'unstable path');
    expectRawError(await rawRequest(`${base}/download/localhost/${mediaId}`), 401, 'M_MISSING_TOKEN');
    assert.equal((await rawRequest(`${base}/config`, { token: alice.accessToken })).status, 200);
    const versions = JSON.parse((await rawRequest(`${ctx.server.url}/_matrix/client/versions`)).bytes.toString());
    assert.equal(versions.unstable_features['org.matrix.msc3916'], true);
    assert.equal(versions.unstable_features['org.matrix.msc3916.stable'], true);
  });
});

onEachDatabase('legacy media before the freeze', { file: { media: { legacy_freeze_date: '2999-01-01' } } }, (ctx) => {
  test('media from before media.legacy_freeze_date is still served without a token, publicly cacheable', async () => {
    const alice = await registerUser(ctx.server.url);
    const { mediaId } = await uploadOk(ctx.server.url, alice.accessToken, 'old media', 'text/plain', 'old.txt');
    const res = await rawRequest(`${ctx.server.url}/_matrix/media/v3/download/localhost/${mediaId}`);
    assert.equal(res.status, 200);
    assert.equal(res.bytes.toString(), 'old media');
    assert.match(res.headers.get('cache-control') ?? '', /^public, .*immutable/);
    const named = await rawRequest(`${ctx.server.url}/_matrix/media/v3/download/localhost/${mediaId}/renamed.txt`);
    assert.match(named.headers.get('content-disposition') ?? '', /filename="renamed\.txt"/);
  });
});
