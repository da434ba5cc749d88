// The endpoint auth modes beyond authentication: `admin` wants a server admin, `appservice` an
// application service (none can authenticate yet). No route uses these modes yet, so the check is
// tested directly rather than through a test-only route.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DeviceId, UserId } from '@parley/protocol';
import { checkAuthMode } from '../../apps/server/src/http/checkAuthMode.ts';
import { MatrixError } from '../../apps/server/src/errors/MatrixError.ts';
import type { Principal } from '../../apps/server/src/identity/Principal.ts';

const user: Principal = { kind: 'user', userId: '@alice:hs' as UserId, deviceId: 'DEV' as DeviceId, tokenId: 1, isAdmin: false, isGuest: false };
const admin: Principal = { ...user, userId: '@root:hs' as UserId, isAdmin: true };

function refusal(fn: () => void): { errcode: string; status: number } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof MatrixError);
    return { errcode: err.errcode, status: err.status };
  }
  assert.fail('expected a MatrixError');
}

test('none, optional and required ask nothing beyond authentication', () => {
  assert.doesNotThrow(() => checkAuthMode('none', null));
  assert.doesNotThrow(() => checkAuthMode('optional', null));
  assert.doesNotThrow(() => checkAuthMode('optional', user));
  assert.doesNotThrow(() => checkAuthMode('required', user));
  assert.doesNotThrow(() => checkAuthMode('required', admin));
});

test('admin lets a server admin through and refuses anyone else with 403 M_FORBIDDEN', () => {
  assert.doesNotThrow(() => checkAuthMode('admin', admin));
  assert.deepEqual(
    refusal(() => checkAuthMode('admin', user)),
    { errcode: 'M_FORBIDDEN', status: 403 },
  );
  assert.deepEqual(
    refusal(() => checkAuthMode('admin', null)),
    { errcode: 'M_FORBIDDEN', status: 403 },
  );
});

test('appservice refuses every caller until appservices can authenticate', () => {
  assert.deepEqual(
    refusal(() => checkAuthMode('appservice', user)),
    { errcode: 'M_FORBIDDEN', status: 403 },
  );
  assert.deepEqual(
    refusal(() => checkAuthMode('appservice', admin)),
    { errcode: 'M_FORBIDDEN', status: 403 },
  );
});
