import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { backoffDelay } from '../../../apps/server/src/push/backoffDelay.ts';
import { tweaksOf } from '../../../apps/server/src/push/tweaksOf.ts';

describe('push delivery helpers', () => {
  test('back-off doubles from the initial wait and stops at the maximum', () => {
    assert.deepEqual(
      [1, 2, 3, 4, 5, 11, 1000].map((n) => backoffDelay(n, 1000, 600_000)),
      [1000, 2000, 4000, 8000, 16000, 600_000, 600_000],
    );
  });

  test('tweaks come from set_tweak actions; a bare highlight is true', () => {
    assert.deepEqual(tweaksOf(['notify', { set_tweak: 'sound', value: 'default' }, { set_tweak: 'highlight' }]), { sound: 'default', highlight: true });
    assert.deepEqual(tweaksOf(['notify', { set_tweak: 'highlight', value: false }]), { highlight: false });
    assert.deepEqual(tweaksOf('not actions'), {});
  });
});
