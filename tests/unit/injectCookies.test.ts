// fastify's inject goes through light-my-request, whose `cookie` dependency package.json
// overrides to 1.1.1 (cookie 2.x requires Node 22; Parley supports Node 20). This proves the
// override is what light-my-request needs: it serialises request cookies and parses Set-Cookie.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const require = createRequire(join(resolve(import.meta.dirname, '..', '..'), 'apps', 'server', 'package.json'));

test('fastify.inject sends cookies and parses Set-Cookie with the overridden cookie package', async () => {
  const Fastify = require('fastify') as (opts?: object) => {
    get(path: string, handler: (req: { headers: Record<string, string | undefined> }, reply: { header(k: string, v: string): void }) => unknown): void;
    inject(opts: object): Promise<{ statusCode: number; json(): unknown; cookies: Array<{ name: string; value: string; path?: string }> }>;
    close(): Promise<void>;
  };
  const app = Fastify();
  app.get('/', (req, reply) => {
    reply.header('set-cookie', 'session=abc; Path=/; HttpOnly');
    return { cookie: req.headers.cookie ?? null };
  });
  const res = await app.inject({ method: 'GET', url: '/', cookies: { a: '1', b: 'x y' } });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { cookie: 'a=1; b=x%20y' });
  assert.deepEqual(
    res.cookies.map((c) => [c.name, c.value, c.path]),
    [['session', 'abc', '/']],
  );
  const cookieVersion = (require(require.resolve('cookie/package.json', { paths: [require.resolve('light-my-request')] })) as { version: string }).version;
  assert.equal(cookieVersion, '1.1.1');
  await app.close();
});
