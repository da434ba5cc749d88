// packages/api holds one contract per endpoint the server serves; the server binds a handler to
// each. These tests keep the two lists in step and check the contracts compile as JSON Schema.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { build } from 'esbuild';
import { CONTRACTS, contracts } from '@parley/api';
import { ENDPOINTS } from '../../apps/server/src/routes/index.ts';

const route = (e: { method: string; path: string }): string => `${e.method} ${e.path}`;

describe('packages/api contracts', () => {
  it('every endpoint the server serves is bound to a contract, and every contract is served once', () => {
    const served = new Map(ENDPOINTS.map((e) => [route(e), e]));
    assert.equal(served.size, ENDPOINTS.length, 'two endpoints share a method and path');
    assert.deepEqual([...served.keys()].sort(), CONTRACTS.map(route).sort());
    for (const c of CONTRACTS) {
      const e = served.get(route(c))!;
      for (const field of ['operationId', 'auth', 'params', 'query', 'body', 'response'] as const) assert.equal(e[field], c[field], `${route(c)}: ${field}`);
      assert.equal(!!e.r0, !!c.r0, `${route(c)}: r0`);
    }
  });

  it('contract names are unique and their paths are absolute', () => {
    assert.equal(new Set(Object.keys(contracts)).size, Object.keys(contracts).length);
    for (const c of CONTRACTS) assert.match(c.path, /^\/(_matrix|\.well-known)\//, c.operationId);
  });

  it('every response schema compiles with ajv', () => {
    const ajv = new Ajv({ strict: false });
    for (const c of CONTRACTS) assert.doesNotThrow(() => ajv.compile(c.response), route(c));
  });

  it('the package bundles for the browser with no Node built-in', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('../../packages/api/src/index.ts', import.meta.url))],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    assert.deepEqual(result.errors, []);
    assert.ok(!result.outputFiles[0]!.text.includes('node:'));
  });
});
