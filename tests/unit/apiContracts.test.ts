// packages/api holds one contract per endpoint the server serves; the server binds a handler to
// each. These tests keep the two lists in step and check the contracts compile as JSON Schema.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { build } from 'esbuild';
import { CONTRACTS, contracts } from '@parley/api';
import { ENDPOINTS } from '../../apps/server/src/routes/index.ts';
import { checkResponseContract, findContract } from '../support/checkResponseContract.ts';

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
    for (const c of CONTRACTS) assert.match(c.path, /^\/(_matrix|_parley|\.well-known)\//, c.operationId);
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

describe('checkResponseContract (tests/support: every 2xx body in the API tests)', () => {
  it('finds the contract by method and path, with r0 and the aliases', () => {
    assert.equal(findContract('GET', '/_matrix/client/v3/rooms/!a%3Ab/messages'), contracts.getRoomEvents);
    assert.equal(findContract('GET', '/_matrix/client/r0/sync'), contracts.sync);
    assert.equal(findContract('PUT', '/_matrix/client/v3/rooms/!a:b/state/m.room.name/'), contracts.setRoomStateEmptyKeySlash);
    assert.equal(findContract('GET', '/_matrix/client/v3/profile/@a:b'), contracts.getUserProfile);
    assert.equal(findContract('GET', '/_matrix/client/v3/profile/@a:b/displayname'), contracts.getProfileField);
    assert.equal(findContract('GET', '/_matrix/client/v1/mutual_rooms'), undefined);
  });

  it('accepts a body that matches, extra properties included, and throws a clear error otherwise', () => {
    checkResponseContract('PUT', '/_matrix/client/v3/rooms/!a:b/send/m.room.message/t1', { event_id: '$e', extra: true });
    checkResponseContract('GET', '/_matrix/client/v1/mutual_rooms', 'not checked: no contract');
    assert.throws(
      () => checkResponseContract('GET', '/_matrix/client/v3/rooms/!a:b/messages', { chunk: 1 }),
      /GET \/_matrix\/client\/v3\/rooms\/!a:b\/messages does not match the contract getRoomEvents .*must have required property 'start'.*body\/chunk must be array/s,
    );
    assert.throws(
      () => checkResponseContract('GET', '/_matrix/client/v3/sync', { next_batch: 's1', rooms: { join: { '!a:b': { timeline: { events: [{ type: 'x' }] } } } } }),
      /body\/rooms\/join\/!a:b\/timeline\/events\/0 must have required property 'event_id'/,
    );
  });
});
