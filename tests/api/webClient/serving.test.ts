// The web client served at `/` (docs/web-client.md, "Serving"): index.html for the client's
// routes, hashed assets cached for a year, ETags, compression, security headers, no way out of
// the folder, and the API's own answers unchanged.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { writeFixtureDist } from '../../support/fixtureDist.ts';
import { httpGet, type RawGet } from './httpGet.ts';

const INDEX =
  '<!doctype html><html lang="en"><head><title>Parley fixture</title><script type="module" src="/assets/app-3f2a9c.js"></script></head><body><main><h1>Fixture</h1></main></body></html>';
const SCRIPT = `// app\n${'console.log("parley web fixture");\n'.repeat(200)}`;
const STYLE = 'body { color: black; }\n';
const PRE = `/* vendor */\n${'export const x = 1;\n'.repeat(100)}`;

// Outside the served folder: what no request may read.
const outside = mkdtempSync(join(tmpdir(), 'parley-web-outside-'));
writeFileSync(join(outside, 'secret.txt'), 'TOP SECRET');
const dist = writeFixtureDist({
  'index.html': INDEX,
  'favicon.ico': Buffer.from([0, 0, 1, 0]),
  'assets/app-3f2a9c.js': SCRIPT,
  'assets/app-3f2a9c.css': STYLE,
  'assets/vendor-77aa01.js': PRE,
  // A precompressed sibling whose content differs, so the test can tell it was the one sent.
  'assets/vendor-77aa01.js.gz': gzipSync('/* from the .gz sibling */'),
  'assets/.hidden.js': 'hidden',
});
symlinkSync(join(outside, 'secret.txt'), join(dist.dir, 'assets', 'escape-000000.js'));
symlinkSync(outside, join(dist.dir, 'assets', 'outdir'));
after(() => {
  dist.remove();
  rmSync(outside, { recursive: true, force: true });
});

const CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; font-src 'self'; media-src 'self' blob:; worker-src 'self' blob:; manifest-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

function assertSecurityHeaders(res: RawGet, label: string): void {
  assert.equal(res.headers['content-security-policy'], CSP, `${label}: CSP`);
  assert.equal(res.headers['x-content-type-options'], 'nosniff', `${label}: nosniff`);
  assert.equal(res.headers['referrer-policy'], 'no-referrer', `${label}: referrer policy`);
  assert.equal(res.headers['x-frame-options'], 'DENY', `${label}: frame options`);
}

function assertIndex(res: RawGet, label: string): void {
  assert.equal(res.status, 200, `${label}: status ${res.status} ${res.body.toString().slice(0, 200)}`);
  assert.equal(res.headers['content-type'], 'text/html; charset=utf-8', label);
  assert.equal(res.headers['cache-control'], 'no-cache', label);
  assert.equal(res.body.toString(), INDEX, label);
  assertSecurityHeaders(res, label);
}

function assertNotFound(res: RawGet, label: string, errcode = 'M_NOT_FOUND', status = 404): void {
  assert.equal(res.status, status, `${label}: status ${res.status}`);
  assert.equal(JSON.parse(res.body.toString()).errcode, errcode, label);
  assert.ok(!res.body.toString().includes('TOP SECRET'), label);
}

onEachDatabase('web client: serving the build', { file: { web_client: { path: dist.dir } } }, (ctx) => {
  const get = (path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<RawGet> => httpGet(ctx.server.url, path, headers, method);

  test('GET / and the client-side routes answer index.html, revalidated on each use, with the security headers', async () => {
    assertIndex(await get('/'), '/');
    assertIndex(await get('/index.html'), '/index.html');
    assertIndex(await get('/room/!abc:example.org'), 'a room route');
    assertIndex(await get('/%23/settings/profile?tab=1'), 'an encoded route with a query');
    assertIndex(await get('/assets'), '/assets without a file');
  });

  test('a file at the top of the build is served as itself, revalidated', async () => {
    const res = await get('/favicon.ico');
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'image/x-icon');
    assert.equal(res.headers['cache-control'], 'no-cache');
    assert.deepEqual([...res.body], [0, 0, 1, 0]);
    assertSecurityHeaders(res, 'favicon');
  });

  test('hashed assets: right type, cached for a year, ETag and 304, HEAD', async () => {
    const js = await get('/assets/app-3f2a9c.js');
    assert.equal(js.status, 200);
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(js.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(js.body.toString(), SCRIPT);
    assert.equal(js.headers['content-encoding'], undefined);
    assertSecurityHeaders(js, 'script');
    const etag = String(js.headers.etag);
    assert.match(etag, /^"[\w-]+"$/);
    const css = await get('/assets/app-3f2a9c.css');
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    assert.equal(css.body.toString(), STYLE);

    const again = await get('/assets/app-3f2a9c.js', { 'if-none-match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, etag);
    assert.equal(again.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal((await get('/assets/app-3f2a9c.js', { 'if-none-match': `"other", W/${etag}` })).status, 304);
    assert.equal((await get('/assets/app-3f2a9c.js', { 'if-none-match': '"other"' })).status, 200);
    const index = await get('/');
    assert.equal((await get('/', { 'if-none-match': String(index.headers.etag) })).status, 304);

    const head = await get('/assets/app-3f2a9c.js', {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(head.body.length, 0);
    assert.equal(head.headers['content-length'], String(Buffer.byteLength(SCRIPT)));
    assert.equal(head.headers.etag, etag);
    assert.equal((await get('/', {}, 'HEAD')).status, 200);
  });

  test('compression: brotli or gzip as accepted, from a precompressed sibling when the build wrote one', async () => {
    const br = await get('/assets/app-3f2a9c.js', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.equal(br.headers.vary, 'Accept-Encoding');
    assert.equal(brotliDecompressSync(br.body).toString(), SCRIPT);
    assert.ok(br.body.length < Buffer.byteLength(SCRIPT) / 4, `brotli: ${br.body.length} bytes`);
    assert.notEqual(br.headers.etag, (await get('/assets/app-3f2a9c.js')).headers.etag, 'each encoding has its own ETag');
    assert.equal((await get('/assets/app-3f2a9c.js', { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) })).status, 304);

    const gz = await get('/assets/app-3f2a9c.js', { 'accept-encoding': 'gzip, br;q=0' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.body).toString(), SCRIPT);

    const pre = await get('/assets/vendor-77aa01.js', { 'accept-encoding': 'gzip' });
    assert.equal(pre.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(pre.body).toString(), '/* from the .gz sibling */');

    const identity = await get('/assets/app-3f2a9c.js', { 'accept-encoding': 'identity' });
    assert.equal(identity.headers['content-encoding'], undefined);
    assert.equal(identity.body.toString(), SCRIPT);
    // Too small to gain: sent as it is.
    assert.equal((await get('/assets/app-3f2a9c.css', { 'accept-encoding': 'br' })).headers['content-encoding'], undefined);
    const html = await get('/', { 'accept-encoding': 'gzip' });
    assert.equal(html.headers['content-type'], 'text/html; charset=utf-8');
  });

  test('a missing asset is 404 M_NOT_FOUND, never index.html', async () => {
    assertNotFound(await get('/assets/nope-000000.js'), 'missing');
    assertNotFound(await get('/assets/'), 'the folder itself');
    assertNotFound(await get('/assets/outdir'), 'a folder');
  });

  test('no path leaves the folder: dot segments, encoded dots and slashes, absolute paths, symlinks, NUL, dotfiles', async () => {
    const attempts = [
      '/assets/../../../../../../etc/passwd',
      '/assets/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
      '/assets/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd',
      '/assets/..%2f..%2f..%2fetc%2fpasswd',
      '/assets/..%5c..%5cetc%5cpasswd',
      '/assets//etc/passwd',
      `/assets/${encodeURIComponent(join(outside, 'secret.txt'))}`,
      `/assets/${join(outside, 'secret.txt').slice(1)}`,
      '/assets/escape-000000.js',
      '/assets/outdir/secret.txt',
      '/assets/app-3f2a9c.js%00.png',
      '/assets/app-3f2a9c.js%00',
      '/assets/.hidden.js',
      '/assets/%2ehidden.js',
      '/assets/./app-3f2a9c.js',
    ];
    for (const path of attempts) assertNotFound(await get(path), path);
    // A malformed %-escape is refused by the router, before any web client code.
    assertNotFound(await get('/assets/%zz'), 'bad escape', 'M_UNRECOGNIZED');
    // Outside /assets/ a path that names no file of the build is a client route: index.html, never the file.
    for (const path of ['/..%2f..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/../../etc/passwd', `/${encodeURIComponent(join(outside, 'secret.txt'))}`, '/%00']) {
      assertIndex(await get(path), path);
    }
  });

  test('API paths keep their own answers: 404/405 M_UNRECOGNIZED, no-store and CORS, no web client headers', async () => {
    assertNotFound(await get('/_matrix/client/v3/no/such/thing'), 'unknown Matrix path', 'M_UNRECOGNIZED');
    assertNotFound(await get('/_matrix/client/v3/createRoom'), 'wrong method', 'M_UNRECOGNIZED', 405);
    assertNotFound(await get('/_matrix'), '/_matrix', 'M_UNRECOGNIZED');
    assertNotFound(await get(`/_matrix/client/v3/rooms/${'a'.repeat(3000)}/members`), 'overlong parameter', 'M_TOO_LARGE', 414);
    assertNotFound(await get('/_parley/no/such'), 'unknown Parley path', 'M_UNRECOGNIZED');
    assertNotFound(await get('/.well-known/nothing'), 'unknown well-known', 'M_UNRECOGNIZED');
    assertNotFound(await get('/_synapse/admin/v1/server_version'), 'Synapse admin', 'M_UNRECOGNIZED');
    const versions = await get('/_matrix/client/versions');
    assert.equal(versions.status, 200);
    assert.equal(versions.headers['cache-control'], 'no-store');
    assert.equal(versions.headers['access-control-allow-origin'], '*');
    assert.equal(versions.headers['content-security-policy'], undefined);
    const preflight = await get('/_matrix/client/v3/sync', { origin: 'https://app.example', 'access-control-request-method': 'GET' }, 'OPTIONS');
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers['access-control-allow-origin'], '*');
  });
});

const empty = writeFixtureDist({});
after(() => empty.remove());

onEachDatabase('web client: not built', { file: { web_client: { path: join(empty.dir, 'dist') } } }, (ctx) => {
  test('GET / and client routes answer a page saying how to build the client, not an error', async () => {
    for (const path of ['/', '/room/!a:b']) {
      const res = await httpGet(ctx.server.url, path);
      assert.equal(res.status, 200, path);
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
      assert.equal(res.headers['cache-control'], 'no-cache');
      assert.match(res.body.toString(), /not built/);
      assert.match(res.body.toString(), /npm run build/);
      assert.ok(!res.body.toString().includes(empty.dir), 'the page names no folder of the server');
      assertSecurityHeaders(res, path);
    }
    assertNotFound(await httpGet(ctx.server.url, '/assets/app-3f2a9c.js'), 'asset');
  });
});

onEachDatabase('web client: off', { file: { web_client: { enabled: false, path: dist.dir } } }, (ctx) => {
  test('with web_client.enabled false, / is the API 404 as before', async () => {
    assertNotFound(await httpGet(ctx.server.url, '/'), '/', 'M_UNRECOGNIZED');
    assertNotFound(await httpGet(ctx.server.url, '/assets/app-3f2a9c.js'), 'asset', 'M_UNRECOGNIZED');
    assert.equal((await httpGet(ctx.server.url, '/_parley/client/v1/config')).status, 200);
  });
});
