// GuardedHttpClient against real local HTTP servers (no database involved): what it sends and
// drops across redirects, that a name is resolved once per connection through the client's own
// resolver and connected to exactly that answer, and the typed errors callers map to Matrix errors.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { GuardedHttpClient, type Resolver } from '../../../apps/server/src/outbound/GuardedHttpClient.ts';
import { OutboundError } from '../../../apps/server/src/outbound/OutboundError.ts';
import { parseOutboundPolicy } from '../../../apps/server/src/outbound/OutboundPolicy.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function listen(handler: (req: IncomingMessage, body: string, res: ServerResponse) => void): Promise<{ server: Server; port: number; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const a = server.address();
  return { server, port: typeof a === 'object' && a ? a.port : 0, seen };
}

async function refusal(p: Promise<unknown>): Promise<OutboundError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof OutboundError, `expected an OutboundError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a refusal');
}

describe('GuardedHttpClient', () => {
  let a: Awaited<ReturnType<typeof listen>>;
  let b: Awaited<ReturnType<typeof listen>>;
  const lookups: string[] = [];
  let client: GuardedHttpClient;

  before(async () => {
    b = await listen((_req, _body, res) => res.end('from b'));
    a = await listen((req, _body, res) => {
      const u = new URL(req.url ?? '/', 'http://a');
      const to = u.searchParams.get('to');
      if (to) {
        res.writeHead(Number(u.searchParams.get('status') ?? 302), { location: to });
        return res.end();
      }
      res.end('from a');
    });
    const resolve: Resolver = async (hostname) => {
      lookups.push(hostname);
      if (hostname === 'a.test' || hostname === 'b.test') return [{ address: '127.0.0.1', family: 4 }];
      throw new Error('unknown');
    };
    client = new GuardedHttpClient({
      policy: parseOutboundPolicy(
        {
          ipRangeAllowlist: [
            { cidr: '127.0.0.1/32', port: a.port },
            { cidr: '127.0.0.1/32', port: b.port },
          ],
          ipRangeDenylist: [],
          hostDenylist: ['denied.test'],
        },
        'test',
      ),
      limits: { timeoutMs: 2000, maxRedirects: 2, maxResponseBytes: 1024 },
      userAgent: 'parley-test',
      resolve,
    });
  });
  after(() => {
    a.server.close();
    b.server.close();
  });

  test('a name is resolved once, through the client resolver, and the socket connects to that answer', async () => {
    lookups.length = 0;
    const res = await client.fetch(`http://a.test:${a.port}/`);
    assert.equal(res.body.toString(), 'from a');
    assert.equal(res.remoteAddress, '127.0.0.1');
    assert.deepEqual(lookups, ['a.test']);
    assert.equal(a.seen.at(-1)!.headers.host, `a.test:${a.port}`);
    assert.equal(a.seen.at(-1)!.headers['user-agent'], 'parley-test');
  });

  test('credentials go along a same-origin redirect and are dropped across origins', async () => {
    const auth = { authorization: 'Bearer secret', cookie: 'c=1' };
    await client.fetch(`http://127.0.0.1:${a.port}/?to=${encodeURIComponent('/plain')}`, { headers: auth });
    assert.equal(a.seen.at(-1)!.url, '/plain');
    assert.equal(a.seen.at(-1)!.headers.authorization, 'Bearer secret');
    const res = await client.fetch(`http://127.0.0.1:${a.port}/?to=${encodeURIComponent(`http://b.test:${b.port}/x`)}`, { headers: auth });
    assert.equal(res.url, `http://b.test:${b.port}/x`);
    assert.equal(b.seen.at(-1)!.headers.authorization, undefined);
    assert.equal(b.seen.at(-1)!.headers.cookie, undefined);
  });

  test('303 continues as a GET without the body; 307 repeats the POST with it', async () => {
    await client.fetch(`http://127.0.0.1:${a.port}/?status=303&to=${encodeURIComponent(`http://127.0.0.1:${b.port}/after303`)}`, {
      method: 'POST',
      body: '{"x":1}',
      headers: { 'content-type': 'application/json' },
    });
    assert.deepEqual([b.seen.at(-1)!.method, b.seen.at(-1)!.url, b.seen.at(-1)!.body], ['GET', '/after303', '']);
    await client.fetch(`http://127.0.0.1:${a.port}/?status=307&to=${encodeURIComponent(`http://127.0.0.1:${b.port}/after307`)}`, { method: 'POST', body: '{"x":1}' });
    assert.deepEqual([b.seen.at(-1)!.method, b.seen.at(-1)!.url, b.seen.at(-1)!.body], ['POST', '/after307', '{"x":1}']);
  });

  test('per-request limits narrow the client limits', async () => {
    const err = await refusal(client.fetch(`http://127.0.0.1:${a.port}/?to=/`, { limits: { maxRedirects: 0 } }));
    assert.equal(err.kind, 'too-many-redirects');
    assert.equal((await refusal(client.fetch(`http://127.0.0.1:${a.port}/`, { limits: { maxResponseBytes: 3 } }))).kind, 'too-large');
  });

  test('a per-request policy adds its deny lists to the client policy', async () => {
    const policy = parseOutboundPolicy({ ipRangeAllowlist: [], ipRangeDenylist: ['127.0.0.1/32'], hostDenylist: [] }, 'extra');
    assert.equal((await refusal(client.fetch(`http://127.0.0.1:${a.port}/`, { policy }))).kind, 'blocked-address');
    assert.equal((await refusal(client.fetch(`http://denied.test:${a.port}/`))).kind, 'blocked-host');
  });

  test('typed errors: refusals are marked as such, far-end failures are not', async () => {
    const blocked = await refusal(client.fetch(`http://127.0.0.1:${a.port + 1 === b.port ? a.port + 2 : a.port + 1}/`));
    assert.equal(blocked.kind, 'blocked-address');
    assert.ok(blocked.isRefusal);
    const unresolvable = await refusal(client.fetch('http://nowhere.test/'));
    assert.equal(unresolvable.kind, 'network');
    assert.ok(!unresolvable.isRefusal);
    const controller = new AbortController();
    controller.abort();
    assert.equal((await refusal(client.fetch(`http://127.0.0.1:${a.port}/`, { signal: controller.signal }))).kind, 'timeout');
  });
});
