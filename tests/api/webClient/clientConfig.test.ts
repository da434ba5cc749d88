// GET /_parley/client/v1/config: what the web client shows before sign-in.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { Api } from '../../support/client.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';

const POLICIES = [
  { id: 'note_well', version: '2026-01', name: 'Note Well', url: 'https://example.org/note-well' },
  { id: 'coc', version: '3', name: 'Code of Conduct', url: 'https://example.org/coc' },
];

onEachDatabase(
  'GET /_parley/client/v1/config',
  { file: { suggested_rooms: ['#welcome:localhost', '!abc:localhost'], registration: { mode: 'token', tokens: ['sekrit-token'] }, policies: POLICIES } },
  (ctx) => {
    let api: Api;
    before(() => {
      api = new Api(ctx.server.url);
    });

    test('answers anyone with the server name, suggested rooms, registration mode and policies (never the tokens)', async () => {
      const res = await api.get('/_parley/client/v1/config');
      assert.equal(res.status, 200);
      assert.deepEqual(res.body, {
        server_name: 'localhost',
        suggested_rooms: ['#welcome:localhost', '!abc:localhost'],
        registration: { mode: 'token' },
        policies: POLICIES,
      });
      assert.ok(!JSON.stringify(res.body).includes('sekrit'));
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(res.headers.get('access-control-allow-origin'), '*');
    });

    test('ignores an access token, even an invalid one', async () => {
      const res = await new Api(ctx.server.url, 'not-a-token').get('/_parley/client/v1/config');
      assert.equal(res.status, 200);
      assert.equal(res.body.server_name, 'localhost');
    });
  },
);

onEachDatabase('GET /_parley/client/v1/config with the defaults', (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);
  test('no suggested rooms, open registration, no policies', async () => {
    const res = await alice.api.get('/_parley/client/v1/config');
    assert.deepEqual(res.body, { server_name: 'localhost', suggested_rooms: [], registration: { mode: 'open' }, policies: [] });
  });
});
