import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { createScratchPostgres, DATABASES, type ScratchDatabase } from '../support/testDatabases.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../support/testServer.ts';
import { registerUser, type TestUser } from '../support/client.ts';
import { startTestS3, type TestS3 } from '../support/s3Server.ts';
import { rawRequest, uploadOk } from '../api/media/mediaRequests.ts';

const photo = (): Promise<Buffer> =>
  sharp(randomBytes(300 * 200 * 3), { raw: { width: 300, height: 200, channels: 3 } })
    .png()
    .toBuffer();

const download = (base: string, token: string, mediaId: string): ReturnType<typeof rawRequest> =>
  rawRequest(`${base}/_matrix/client/v1/media/download/localhost/${mediaId}`, { token });
const thumbnail = (base: string, token: string, mediaId: string): ReturnType<typeof rawRequest> =>
  rawRequest(`${base}/_matrix/client/v1/media/thumbnail/localhost/${mediaId}?width=96&height=96&method=crop`, { token });

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => d.name);
}

for (const kind of DATABASES) {
  describe(`media survives a restart [${kind}]`, () => {
    let dataDir: string;
    let scratch: ScratchDatabase | undefined;
    let opts: TestServerOptions;
    let server: TestServer;
    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'parley-media-restart-'));
      scratch = kind === 'postgres' ? await createScratchPostgres() : undefined;
      opts = { dataDir, ...(scratch ? { postgres: scratch } : {}) };
      server = await startTestServer(kind, opts);
    });
    after(async () => {
      await server?.close();
      await scratch?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    test('an upload and its thumbnail are served the same after a restart', async () => {
      const alice = await registerUser(server.url);
      const png = await photo();
      const { mediaId } = await uploadOk(server.url, alice.accessToken, png, 'image/png', 'photo.png');
      const thumbBefore = await thumbnail(server.url, alice.accessToken, mediaId);
      assert.equal(thumbBefore.status, 200);
      await server.close();
      server = await startTestServer(kind, opts);
      const res = await download(server.url, alice.accessToken, mediaId);
      assert.equal(res.status, 200);
      assert.deepEqual(res.bytes, png);
      assert.match(res.headers.get('content-disposition') ?? '', /filename="photo\.png"/);
      const thumbAfter = await thumbnail(server.url, alice.accessToken, mediaId);
      assert.deepEqual(thumbAfter.bytes, thumbBefore.bytes);
      assert.ok(filesUnder(join(dataDir, 'media')).length >= 2, 'the original and its thumbnail are files in the data folder');
    });
  });
}

describe('media of an --ephemeral server stays in memory', () => {
  test('upload and download work, and nothing is written to the data folder', async () => {
    const server = await startTestServer('sqlite', { ephemeral: true });
    try {
      const alice = await registerUser(server.url);
      const { mediaId } = await uploadOk(server.url, alice.accessToken, 'in memory', 'text/plain');
      const res = await download(server.url, alice.accessToken, mediaId);
      assert.equal(res.bytes.toString(), 'in memory');
      const part = await rawRequest(`${server.url}/_matrix/client/v1/media/download/localhost/${mediaId}`, { token: alice.accessToken, headers: { range: 'bytes=3-5' } });
      assert.equal(part.bytes.toString(), 'mem');
      assert.deepEqual(filesUnder(join(server.config.dataDir, 'media')), []);
    } finally {
      await server.close();
    }
  });
});

const skip = !DATABASES.includes('postgres') ? 'PostgreSQL is not in PARLEY_TEST_DATABASES' : false;

describe('two nodes sharing an S3-compatible media store (s3rver)', { skip }, () => {
  let s3: TestS3;
  let scratch: ScratchDatabase;
  let nodeA: TestServer;
  let nodeB: TestServer;
  let alice: TestUser;
  before(async () => {
    s3 = await startTestS3();
    scratch = await createScratchPostgres();
    nodeA = await startTestServer('postgres', { postgres: scratch, file: { media: s3.mediaConfig } });
    nodeB = await startTestServer('postgres', { postgres: scratch, file: { media: s3.mediaConfig } });
    alice = await registerUser(nodeA.url);
  });
  after(async () => {
    await nodeA?.close();
    await nodeB?.close();
    await scratch?.drop();
    await s3?.close();
  });

  test("each node serves the other's uploads and thumbnails", async () => {
    const png = await photo();
    const onA = await uploadOk(nodeA.url, alice.accessToken, png, 'image/png', 'a.png');
    const fromB = await download(nodeB.url, alice.accessToken, onA.mediaId);
    assert.equal(fromB.status, 200);
    assert.deepEqual(fromB.bytes, png);
    const thumbOnB = await thumbnail(nodeB.url, alice.accessToken, onA.mediaId);
    assert.equal(thumbOnB.status, 200);
    assert.equal((await sharp(thumbOnB.bytes).metadata()).width, 96);
    const thumbOnA = await thumbnail(nodeA.url, alice.accessToken, onA.mediaId);
    assert.deepEqual(thumbOnA.bytes, thumbOnB.bytes);

    const onB = await uploadOk(nodeB.url, alice.accessToken, 'from node B', 'text/plain');
    const fromA = await download(nodeA.url, alice.accessToken, onB.mediaId);
    assert.equal(fromA.bytes.toString(), 'from node B');
    const part = await rawRequest(`${nodeA.url}/_matrix/client/v1/media/download/localhost/${onB.mediaId}`, { token: alice.accessToken, headers: { range: 'bytes=5-8' } });
    assert.equal(part.status, 206);
    assert.equal(part.bytes.toString(), 'node');
    // The bytes are in the bucket, not in either node's data folder.
    assert.deepEqual(filesUnder(join(nodeA.config.dataDir, 'media')), []);
    assert.deepEqual(filesUnder(join(nodeB.config.dataDir, 'media')), []);
    assert.ok(filesUnder(s3.directory).length > 0);
  });

  test('a download waiting on node A gets an asynchronous upload made through node B', async () => {
    const created = await alice.api.post('/_matrix/media/v1/create', {});
    const mediaId = (created.body.content_uri as string).split('/').pop()!;
    const waiting = rawRequest(`${nodeA.url}/_matrix/client/v1/media/download/localhost/${mediaId}?timeout_ms=60000`, { token: alice.accessToken });
    const put = await rawRequest(`${nodeB.url}/_matrix/media/v3/upload/localhost/${mediaId}`, {
      method: 'PUT',
      token: alice.accessToken,
      body: 'late, via B',
      headers: { 'content-type': 'text/plain' },
    });
    assert.equal(put.status, 200);
    const res = await waiting;
    assert.equal(res.status, 200);
    assert.equal(res.bytes.toString(), 'late, via B');
  });
});
