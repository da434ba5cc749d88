import { test } from 'node:test';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { registerUsersBefore } from '../support/registerUsersBefore.ts';
import { expectError } from '../support/client.ts';

onEachDatabase('sync filter checks', (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);
  const syncWith = (filter: string) => alice.api.get(`/sync?timeout=0&filter=${encodeURIComponent(filter)}`);

  test('an inline filter that is not JSON is 400 M_INVALID_PARAM', async () => {
    for (const bad of ['{', '{"room":', 'NaN', '{"room":{"timeline":{"limit":Infinity}}}']) expectError(await syncWith(bad), 400, 'M_INVALID_PARAM');
  });

  test('a filter of the wrong shape is 400 (bad types, out-of-range limit, floats)', async () => {
    const shapes = [
      '[]',
      '"x"',
      '{"room":"x"}',
      '{"room":{"timeline":{"limit":"10"}}}',
      '{"room":{"timeline":{"limit":-1}}}',
      '{"room":{"timeline":{"limit":1.5}}}',
      '{"room":{"timeline":{"types":"m.room.message"}}}',
      '{"room":{"state":{"lazy_load_members":"yes"}}}',
      '{"room":{"rooms":[1]}}',
      '{"event_format":"xml"}',
    ];
    for (const shape of shapes) {
      const res = await syncWith(shape);
      if (res.status !== 400 || !['M_BAD_JSON', 'M_INVALID_PARAM'].includes(res.body.errcode)) throw new Error(`${shape}: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });

  test('a filter ID that does not exist is 404 M_NOT_FOUND; creating a bad filter is 400', async () => {
    expectError(await syncWith('12345'), 404, 'M_NOT_FOUND');
    expectError(await alice.api.post(`/user/${encodeURIComponent(alice.userId)}/filter`, { room: { timeline: { limit: 'ten' } } }), 400, 'M_BAD_JSON');
  });
});
