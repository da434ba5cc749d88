import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Notifier } from '../../apps/server/src/sync/Notifier.ts';

test('a waiter wakes when its user is notified, not for other users', async () => {
  const n = new Notifier();
  n.start(10);
  let woken = false;
  const w = n.wait('@a:x', 5_000);
  void w.promise.then(() => (woken = true));
  n.notify(11, ['@b:x']);
  await new Promise((r) => setImmediate(r));
  assert.equal(woken, false);
  n.notify(12, ['@a:x']);
  await w.promise;
  assert.equal(n.currentPosition, 12);
  assert.equal(n.waitingUsers, 0);
});

test('a waiter resolves at its timeout and on cancel, and leaves no registration behind', async () => {
  const n = new Notifier();
  const t = n.wait('@a:x', 10);
  await t.promise;
  const c = n.wait('@a:x', 60_000);
  assert.equal(n.waitingUsers, 1);
  c.cancel();
  await c.promise;
  assert.equal(n.waitingUsers, 0);
});

test('mayHaveNewFor: false only when this process saw every notification since the token', () => {
  const n = new Notifier();
  n.start(100);
  assert.equal(n.mayHaveNewFor('@a:x', 99), true, 'tokens from before start are unknown');
  assert.equal(n.mayHaveNewFor('@a:x', 100), false);
  n.notify(105, ['@a:x']);
  assert.equal(n.mayHaveNewFor('@a:x', 100), true);
  assert.equal(n.mayHaveNewFor('@a:x', 105), false);
  assert.equal(n.mayHaveNewFor('@b:x', 100), false, 'other users were not named');
  n.resetView();
  assert.equal(n.mayHaveNewFor('@b:x', 105), true, 'after losing the link to other nodes, every sync builds');
  n.start(105);
  assert.equal(n.mayHaveNewFor('@b:x', 105), false);
});

test('notifications from peers advance the position but are not published again', () => {
  const n = new Notifier();
  const published: number[] = [];
  n.onNotify = (p) => published.push(p);
  n.notify(3, ['@a:x']);
  n.notify(7, ['@a:x'], undefined, true);
  assert.deepEqual(published, [3]);
  assert.equal(n.currentPosition, 7);
});

test('mayHaveChanged tracks each kind of change separately; unnamed kinds default to all', () => {
  const n = new Notifier();
  n.start(10);
  n.notify(11, ['@a:x'], ['room']);
  assert.equal(n.mayHaveChanged('@a:x', 10, 'room'), true);
  assert.equal(n.mayHaveChanged('@a:x', 10, 'to_device'), false);
  assert.equal(n.mayHaveChanged('@a:x', 10, 'account_data'), false);
  n.notify(12, ['@a:x']);
  for (const kind of ['room', 'membership', 'account_data', 'to_device', 'device_lists', 'keys'] as const) assert.equal(n.mayHaveChanged('@a:x', 11, kind), true, kind);
  assert.equal(n.mayHaveChanged('@a:x', 9, 'to_device'), true, 'tokens from before start are unknown');
});
