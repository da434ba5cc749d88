import { test } from 'node:test';
import assert from 'node:assert/strict';
import { argon2Hasher } from '../../apps/server/src/security/passwords.ts';

// Small memory cost: these check answers, not the cost parameters.
const hasher = argon2Hasher(1024);

test('check accepts the right password and refuses a wrong one', async () => {
  const hashed = await hasher.hash('correct horse');
  assert.equal(await hasher.check(hashed, 'correct horse'), true);
  assert.equal(await hasher.check(hashed, 'wrong horse'), false);
});

test('check without a hash (unknown user, no password) answers false after the same work', async () => {
  assert.equal(await hasher.check(undefined, 'anything'), false);
  assert.equal(await hasher.check(null, 'parley-decoy-password'), false, 'the decoy password must not log anyone in');
  assert.equal(await hasher.check('', 'anything'), false);
});

test('a malformed stored hash is a refusal, not an error', async () => {
  assert.equal(await hasher.check('not-an-argon2-hash', 'anything'), false);
});
