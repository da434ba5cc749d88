// docs/api-coverage.md is generated from the spec and the route registry; this test fails when the
// committed file is stale (run `npm run docs:api-coverage`), and checks the generator's matching rules.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { COVERAGE_DOC, CS_API_DIR, generateApiCoverage, readSpecOperations, renderApiCoverage, type SpecOperation } from '../../scripts/gen-api-coverage.ts';

const specMissing = existsSync(CS_API_DIR) ? false : `Matrix spec not found at ${CS_API_DIR} (expected ../shared/matrix-spec beside the repository, or set PARLEY_MATRIX_SPEC)`;

describe('docs/api-coverage.md', () => {
  it('is up to date with the spec and the route registry (npm run docs:api-coverage)', { skip: specMissing }, async () => {
    const fresh = await generateApiCoverage();
    const committed = readFileSync(COVERAGE_DOC, 'utf8');
    if (committed !== fresh) {
      const was = new Set(committed.split('\n'));
      const now = new Set(fresh.split('\n'));
      const changes = [
        ...fresh
          .split('\n')
          .filter((l) => !was.has(l))
          .map((l) => `+ ${l}`),
        ...committed
          .split('\n')
          .filter((l) => !now.has(l))
          .map((l) => `- ${l}`),
      ];
      assert.fail(`docs/api-coverage.md is stale: run \`npm run docs:api-coverage\` and commit the result.\n${changes.slice(0, 20).join('\n')}`);
    }
  });

  it('reads every operation of the client-server API with its base path', { skip: specMissing }, () => {
    const ops = readSpecOperations();
    assert.ok(ops.length > 100, `only ${ops.length} operations found`);
    const send = ops.find((o) => o.operationId === 'sendMessage');
    assert.deepEqual(send && { method: send.method, path: send.path }, { method: 'PUT', path: '/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}' });
    assert.equal(ops.find((o) => o.operationId === 'getVersions')?.path, '/_matrix/client/versions');
    assert.equal(ops.find((o) => o.operationId === 'getWellknown')?.path, '/.well-known/matrix/client');
    assert.equal(new Set(ops.map((o) => `${o.method} ${o.path}`)).size, ops.length, 'two operations share a method and path');
  });
});

describe('renderApiCoverage', () => {
  const op = (operationId: string, method: string, path: string, deprecated = false): SpecOperation => ({
    file: 'rooms.yaml',
    title: 'Rooms API',
    operationId,
    method,
    path,
    deprecated,
  });
  const ops = [
    op('sendMessage', 'PUT', '/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}'),
    op('getRoomStateWithKey', 'GET', '/_matrix/client/v3/rooms/{roomId}/state/{eventType}/{stateKey}'),
    op('getEvents', 'GET', '/_matrix/client/v3/events', true),
  ];

  it('matches by method and path whatever the parameter names, and by operationId for aliases', () => {
    const text = renderApiCoverage(ops, [
      { operationId: 'send', method: 'PUT', path: '/_matrix/client/v3/rooms/{id}/send/{type}/{txn}', r0: true },
      { operationId: 'getRoomStateWithKey', method: 'GET', path: '/_matrix/client/v3/rooms/{roomId}/state/{eventType}' },
      { operationId: 'getServerWellknown', method: 'GET', path: '/.well-known/matrix/server' },
    ]);
    assert.match(text, /\*\*2 of 3 operations served \(67%\)\.\*\*/);
    assert.match(text, /Not deprecated: 2 of 2 \(100%\)/);
    assert.match(text, /\| yes \| PUT \| `\/_matrix\/client\/v3\/rooms\/\{roomId\}\/send\/\{eventType\}\/\{txnId\}` \| sendMessage \| r0 \|/);
    assert.match(text, /\| no \| GET \| `\/_matrix\/client\/v3\/events` \| getEvents \| deprecated \|/);
    const extras = text.slice(text.indexOf('## Served outside'));
    assert.match(extras, /getServerWellknown/);
    assert.doesNotMatch(extras, /getRoomStateWithKey|`\/_matrix\/client\/v3\/rooms/);
  });

  it('does not count a different method on the same path', () => {
    const text = renderApiCoverage(ops, [{ operationId: 'other', method: 'GET', path: '/_matrix/client/v3/rooms/{roomId}/send/{eventType}/{txnId}' }]);
    assert.match(text, /\*\*0 of 3 operations served/);
  });
});
