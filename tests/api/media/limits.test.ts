import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUser, type TestUser } from '../../support/client.ts';
import { expectRawError, upload, uploadOk } from './mediaRequests.ts';

onEachDatabase(
  'media quota and upload rate limit',
  { file: { media: { user_quota: 100 }, rate_limits: { media_upload: { per_second: 0.001, burst: 4 } } }, rateLimits: true },
  (ctx) => {
    let alice: TestUser;
    before(async () => {
      alice = await registerUser(ctx.server.url);
    });

    test('uploads past media.user_quota are 403 M_FORBIDDEN; others are unaffected', async () => {
      await uploadOk(ctx.server.url, alice.accessToken, Buffer.alloc(60, 1));
      expectRawError(await upload(ctx.server.url, alice.accessToken, Buffer.alloc(60, 2)), 403, 'M_FORBIDDEN');
      await uploadOk(ctx.server.url, alice.accessToken, Buffer.alloc(40, 3));
      const bob = await registerUser(ctx.server.url);
      await uploadOk(ctx.server.url, bob.accessToken, Buffer.alloc(60, 4));
    });

    test('uploads are rate limited per user (rate_limits.media_upload)', async () => {
      const carol = await registerUser(ctx.server.url);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await upload(ctx.server.url, carol.accessToken, 'x')).status);
      assert.deepEqual(statuses.slice(0, 4), [200, 200, 200, 200]);
      const res = await upload(ctx.server.url, carol.accessToken, 'x');
      expectRawError(res, 429, 'M_LIMIT_EXCEEDED');
      assert.ok(res.headers.get('retry-after'));
    });
  },
);
