// URL previews end to end, and the outbound guard under them: a local origin on 127.0.0.1 is
// allowed for its own port only (outbound.ip_range_allowlist with a port); everything else on
// this machine or any non-public network is refused, directly, through any redirect, and through
// DNS; the size, time and redirect limits hold; and previews are off unless enabled.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { Api, expectError, registerUser, type TestUser } from '../../support/client.ts';
import { buildOutboundClient } from '../../../apps/server/src/outbound/buildOutboundClient.ts';
import { LOGO_PNG, startOrigin } from './originServer.ts';

const V1 = '/_matrix/client/v1/media/preview_url';
const LEGACY = '/_matrix/media/v3/preview_url';

const origin = await startOrigin();
// Another local service the server must never reach (a stand-in for an admin API or a metadata service).
const internal = await startOrigin();
after(async () => {
  await origin.close();
  await internal.close();
});

const preview = (user: TestUser, url: string, extra = '', path = V1) => user.api.get(`${path}?url=${encodeURIComponent(url)}${extra}`);
const internalHits = (): number => [...internal.hits.values()].reduce((a, b) => a + b, 0);

/** The page's OpenGraph data; its og:image is stored as local media, so it is checked apart (expectStoredLogo). */
const EXPECTED_OG = {
  'og:title': 'Parley & friends',
  'og:description': 'A homeserver for communities',
  'og:image:width': 640,
  'og:image:height': 480,
  'og:type': 'website',
  'matrix:image:size': LOGO_PNG.length,
};

/** The preview minus og:image, which must be an mxc:// URI of this server. */
function withoutImage(body: Record<string, unknown>): Record<string, unknown> {
  assert.match(String(body['og:image']), /^mxc:\/\/localhost\/[A-Za-z0-9_-]+$/);
  const { 'og:image': _image, ...rest } = body;
  return rest;
}

/** Every way of naming a forbidden destination (loopback on another port, private, link-local, odd spellings, IPv6 forms). */
const FORBIDDEN_TARGETS = [
  `http://127.0.0.1:${internal.port}/page`,
  `http://localhost:${internal.port}/page`,
  `http://2130706433:${internal.port}/page`,
  `http://0177.0.0.1:${internal.port}/page`,
  `http://0x7f.1:${internal.port}/page`,
  `http://127.1:${internal.port}/page`,
  `http://[::1]:${internal.port}/page`,
  `http://[::ffff:127.0.0.1]:${internal.port}/page`,
  `http://[::ffff:7f00:1]:${internal.port}/page`,
  `http://127.0.0.1:${origin.port + 1 === internal.port ? origin.port + 2 : origin.port + 1}/page`,
  'http://127.0.0.1/',
  'http://10.0.0.1/',
  'http://192.168.1.1/',
  'http://172.16.0.1/',
  'http://169.254.169.254/latest/meta-data/',
  'http://100.64.0.1/',
  'http://0.0.0.0/',
  'http://0/',
  'http://224.0.0.1/',
  'http://255.255.255.255/',
  'http://[::]/',
  'http://[fd00::1]/',
  'http://[fe80::1]/',
  'http://[ff02::1]/',
  'http://[64:ff9b::a9fe:a9fe]/',
  'http://[2002:a00:1::1]/',
  'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
];

onEachDatabase(
  'URL previews through the outbound guard',
  {
    file: {
      url_preview: { enabled: true, max_html_bytes: 64 * 1024, ip_range_allowlist: [{ cidr: '127.0.0.1/32', port: origin.port }] },
      outbound: { timeout_ms: 1500, max_redirects: 3 },
    },
  },
  (ctx) => {
    let alice: TestUser;
    before(async () => {
      alice = await registerUser(ctx.server.url);
    });

    test('a page with OpenGraph tags is previewed; its og:image is stored as local media (mxc://)', async () => {
      const res = await preview(alice, `${origin.url}/page`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(withoutImage(res.body), EXPECTED_OG);
      const mediaId = String(res.body['og:image']).split('/').pop();
      const image = await fetch(`${ctx.server.url}/_matrix/client/v1/media/download/localhost/${mediaId}`, { headers: { authorization: `Bearer ${alice.accessToken}` } });
      assert.equal(image.status, 200);
      assert.equal(image.headers.get('content-type'), 'image/png');
      assert.deepEqual(Buffer.from(await image.arrayBuffer()), LOGO_PNG);
    });

    test('the legacy /_matrix/media/v3 path answers the same', async () => {
      const res = await preview(alice, `${origin.url}/page`, '', LEGACY);
      assert.equal(res.status, 200);
      assert.deepEqual(withoutImage(res.body), EXPECTED_OG);
    });

    test('an og:image on a forbidden address is never fetched: it is dropped, the preview stands', async () => {
      const hits = internalHits();
      const res = await preview(alice, `${origin.url}/image-at?src=${encodeURIComponent(`http://127.0.0.1:${internal.port}/img/logo.png`)}&s=${ctx.kind}`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { 'og:title': 'Elsewhere' });
      assert.equal(internalHits(), hits);
    });

    test('an og:image that is not a JPEG, PNG, GIF or WebP (here SVG) is dropped with its size keys', async () => {
      const res = await preview(alice, `${origin.url}/svg-image`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { 'og:title': 'Vector' });
    });

    test('without OpenGraph tags, <title> and <meta name=description> stand in', async () => {
      const res = await preview(alice, `${origin.url}/plain?v=1`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, { 'og:title': 'Plain page', 'og:description': 'Only the basics' });
    });

    test('a file that is not a page previews as an empty object', async () => {
      const res = await preview(alice, `${origin.url}/image.png`);
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {});
    });

    test('an error page is 502, not 500', async () => {
      expectError(await preview(alice, `${origin.url}/missing`), 502, 'M_UNKNOWN');
    });

    test('previews are cached per URL and rounded ts; another period fetches again', async () => {
      const url = `${origin.url}/plain?v=cache-${ctx.kind}`;
      const before = origin.hits.get('/plain') ?? 0;
      assert.equal((await preview(alice, url)).status, 200);
      assert.equal((await preview(alice, url)).status, 200);
      assert.equal((await preview(alice, url, `&ts=${Date.now()}`)).status, 200);
      assert.equal(origin.hits.get('/plain'), before + 1);
      const old = await preview(alice, url, `&ts=${Date.now() - 3 * 3_600_000}`);
      assert.equal(old.status, 200);
      assert.equal(origin.hits.get('/plain'), before + 2);
    });

    test('redirects within the allowed origin are followed', async () => {
      const res = await preview(alice, `${origin.url}/redirect?to=${encodeURIComponent('/page')}`);
      assert.equal(res.status, 200);
      assert.deepEqual(withoutImage(res.body), EXPECTED_OG);
      const chain = await preview(alice, `${origin.url}/chain?n=3&s=${ctx.kind}`);
      assert.equal(chain.status, 200);
      assert.equal(chain.body['og:title'], 'Parley & friends');
    });

    test('a redirect to a scheme other than http(s), or with credentials, is not followed (502)', async () => {
      for (const to of ['file:///etc/passwd', 'gopher://127.0.0.1:6379/_INFO', 'ftp://example.org/', `http://user:pw@127.0.0.1:${origin.port}/page`]) {
        const res = await preview(alice, `${origin.url}/redirect?to=${encodeURIComponent(to)}&s=${ctx.kind}`);
        expectError(res, 502, 'M_UNKNOWN');
        assert.match(res.body.error, /Redirected/);
      }
    });

    test('more redirects than outbound.max_redirects are refused', async () => {
      const res = await preview(alice, `${origin.url}/chain?n=4&s=${ctx.kind}`);
      expectError(res, 502, 'M_UNKNOWN');
      assert.match(res.body.error, /redirect/i);
    });

    describe('forbidden destinations, asked for directly', () => {
      for (const target of FORBIDDEN_TARGETS) {
        test(`${target} is refused with 403 M_FORBIDDEN`, async () => {
          const hits = internalHits();
          const res = await preview(alice, target);
          expectError(res, 403, 'M_FORBIDDEN');
          assert.equal(res.body.error, 'IP address blocked');
          assert.equal(internalHits(), hits, 'the internal service was reached');
        });
      }
    });

    describe('forbidden destinations, reached by a redirect from the allowed origin', () => {
      for (const target of FORBIDDEN_TARGETS) {
        test(`a redirect to ${target} is refused with 403 M_FORBIDDEN`, async () => {
          const hits = internalHits();
          const res = await preview(alice, `${origin.url}/redirect?to=${encodeURIComponent(target)}&s=${ctx.kind}`);
          expectError(res, 403, 'M_FORBIDDEN');
          assert.equal(internalHits(), hits, 'the internal service was reached');
        });
      }
    });

    test('a page that never ends is cut off at url_preview.max_html_bytes', async () => {
      const res = await preview(alice, `${origin.url}/forever?s=${ctx.kind}`);
      expectError(res, 502, 'M_TOO_LARGE');
    });

    test('a declared Content-Length over the limit is refused before reading', async () => {
      expectError(await preview(alice, `${origin.url}/declared-huge?s=${ctx.kind}`), 502, 'M_TOO_LARGE');
    });

    test('an origin that never answers, or never finishes its body, is abandoned at outbound.timeout_ms', async () => {
      expectError(await preview(alice, `${origin.url}/hang?s=${ctx.kind}`), 504, 'M_UNKNOWN');
      expectError(await preview(alice, `${origin.url}/slow-body?s=${ctx.kind}`), 504, 'M_UNKNOWN');
    });

    test('only http and https URLs, without credentials; a missing url is M_MISSING_PARAM', async () => {
      for (const url of ['ftp://example.org/', 'file:///etc/passwd', 'gopher://127.0.0.1:6379/_INFO', 'not a url', `http://user:pw@127.0.0.1:${origin.port}/page`]) {
        expectError(await preview(alice, url), 400, 'M_INVALID_PARAM');
      }
      expectError(await alice.api.get(V1), 400, 'M_MISSING_PARAM');
      expectError(await alice.api.get(`${V1}?url=${encodeURIComponent(`${origin.url}/page`)}&ts=soon`), 400, 'M_INVALID_PARAM');
    });

    test('an access token is required', async () => {
      expectError(await new Api(ctx.server.url).get(`${V1}?url=${encodeURIComponent(`${origin.url}/page`)}`), 401, 'M_MISSING_TOKEN');
    });

    describe('host names are checked on every DNS answer, and the socket connects to the checked address', () => {
      const saved: { client?: typeof ctx.server.deps.outbound } = {};
      const answers: Record<string, string[]> = {
        'origin.test': ['127.0.0.1'],
        'evil.test': ['10.0.0.1'],
        'metadata.test': ['169.254.169.254'],
        'loopback6.test': ['::1'],
        'mapped.test': ['::ffff:127.0.0.1'],
        // One public answer and one forbidden one: the whole answer is refused.
        'mixed.test': ['93.184.216.34', '127.0.0.1'],
      };
      before(() => {
        saved.client = ctx.server.deps.outbound;
        ctx.server.deps.outbound = buildOutboundClient(ctx.server.config.outbound, async (hostname) => {
          const list = answers[hostname];
          if (!list) throw new Error(`no test answer for ${hostname}`);
          return list.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
        });
      });
      after(() => {
        ctx.server.deps.outbound = saved.client!;
      });

      test('a name only the test resolver knows reaches the allowed origin: the checked answer is the one connected to', async () => {
        const res = await preview(alice, `http://origin.test:${origin.port}/page?s=${ctx.kind}`);
        assert.equal(res.status, 200, JSON.stringify(res.body));
        assert.equal(res.body['og:title'], 'Parley & friends');
        assert.match(res.body['og:image'], /^mxc:\/\/localhost\//);
      });

      for (const host of ['evil.test', 'metadata.test', 'loopback6.test', 'mapped.test', 'mixed.test']) {
        test(`${host} (${answers[host]!.join(', ')}) is refused, directly and through a redirect`, async () => {
          const hits = internalHits();
          expectError(await preview(alice, `http://${host}:${internal.port}/page`), 403, 'M_FORBIDDEN');
          expectError(await preview(alice, `${origin.url}/redirect?to=${encodeURIComponent(`http://${host}:${internal.port}/page`)}&s=${ctx.kind}`), 403, 'M_FORBIDDEN');
          assert.equal(internalHits(), hits);
        });
      }
    });
  },
);

onEachDatabase('URL previews are off by default', (ctx) => {
  test('both paths answer 404 M_UNRECOGNIZED and nothing is fetched', async () => {
    const bob = await registerUser(ctx.server.url);
    const hits = origin.hits.get('/page') ?? 0;
    for (const path of [V1, LEGACY]) {
      const res = await preview(bob, `${origin.url}/page`, '', path);
      expectError(res, 404, 'M_UNRECOGNIZED');
    }
    assert.equal(origin.hits.get('/page') ?? 0, hits);
  });
});

onEachDatabase(
  'URL previews are rate limited per user',
  {
    rateLimits: true,
    file: { url_preview: { enabled: true, ip_range_allowlist: [{ cidr: '127.0.0.1/32', port: origin.port }] }, rate_limits: { preview_url: { per_second: 0.001, burst: 2 } } },
  },
  (ctx) => {
    test('past the burst: 429 M_LIMIT_EXCEEDED for that user only', async () => {
      const carol = await registerUser(ctx.server.url);
      const dave = await registerUser(ctx.server.url);
      assert.equal((await preview(carol, `${origin.url}/page`)).status, 200);
      assert.equal((await preview(carol, `${origin.url}/page`)).status, 200);
      const limited = await preview(carol, `${origin.url}/page`);
      expectError(limited, 429, 'M_LIMIT_EXCEEDED');
      assert.ok(limited.body.retry_after_ms > 0);
      assert.equal((await preview(dave, `${origin.url}/page`)).status, 200);
    });
  },
);

onEachDatabase(
  'URL preview fetches at once are bounded',
  { file: { url_preview: { enabled: true, max_concurrent_fetches: 1, ip_range_allowlist: [{ cidr: '127.0.0.1/32', port: origin.port }] }, outbound: { timeout_ms: 1500 } } },
  (ctx) => {
    test('past url_preview.max_concurrent_fetches a cache miss is 429; cache hits are still served', async () => {
      const erin = await registerUser(ctx.server.url);
      const cached = `${origin.url}/plain?v=bounded-${ctx.kind}`;
      assert.equal((await preview(erin, cached)).status, 200);
      const hangs = origin.hits.get('/hang') ?? 0;
      const hanging = preview(erin, `${origin.url}/hang?s=bounded-${ctx.kind}`);
      // Wait until the origin holds the first fetch.
      while ((origin.hits.get('/hang') ?? 0) === hangs) await new Promise((r) => setTimeout(r, 10));
      const busy = await preview(erin, `${origin.url}/page?s=bounded-${ctx.kind}`);
      expectError(busy, 429, 'M_LIMIT_EXCEEDED');
      assert.equal(busy.body.retry_after_ms, 1000);
      assert.equal((await preview(erin, cached)).status, 200);
      expectError(await hanging, 504, 'M_UNKNOWN');
      assert.equal((await preview(erin, `${origin.url}/page?s=bounded-${ctx.kind}`)).status, 200);
    });
  },
);
