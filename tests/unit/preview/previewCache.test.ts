// The URL preview cache: bounded in entries (least recently used go first), keyed by URL and ts
// rounded to the lifetime, one load shared by concurrent requests, and a bound on loads in flight.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PreviewCache } from '../../../apps/server/src/preview/PreviewCache.ts';
import { MatrixError } from '../../../apps/server/src/errors/MatrixError.ts';

const HOUR = 3_600_000;

test('keys round ts down to the lifetime; a future ts counts as now', () => {
  const cache = new PreviewCache(10, HOUR, 4);
  const now = 100 * HOUR + 123;
  assert.equal(cache.keyOf('u', undefined, now), cache.keyOf('u', 100 * HOUR, now));
  assert.equal(cache.keyOf('u', now + 50 * HOUR, now), cache.keyOf('u', undefined, now));
  assert.notEqual(cache.keyOf('u', 99 * HOUR, now), cache.keyOf('u', undefined, now));
  assert.notEqual(cache.keyOf('u', undefined, now), cache.keyOf('v', undefined, now));
});

test('at most maxEntries are kept; the least recently used goes first; entries expire', async () => {
  const cache = new PreviewCache(2, HOUR, 4);
  let loads = 0;
  const load = (title: string) => async () => {
    loads++;
    return { 'og:title': title };
  };
  await cache.get('a', 0, load('a'));
  await cache.get('b', 0, load('b'));
  await cache.get('a', 1, load('a')); // a is now the most recent
  await cache.get('c', 2, load('c')); // evicts b
  assert.equal(cache.size, 2);
  assert.equal(loads, 3);
  await cache.get('a', 3, load('a'));
  assert.equal(loads, 3);
  await cache.get('b', 3, load('b'));
  assert.equal(loads, 4);
  await cache.get('b', 3 + HOUR, load('b'));
  assert.equal(loads, 5, 'an expired entry is loaded again');
});

test('concurrent requests share one load; failures are not cached', async () => {
  const cache = new PreviewCache(10, HOUR, 4);
  let loads = 0;
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const slow = async () => {
    loads++;
    await gate;
    return { 'og:title': 'x' };
  };
  const both = Promise.all([cache.get('k', 0, slow), cache.get('k', 0, slow)]);
  release();
  assert.deepEqual(await both, [{ 'og:title': 'x' }, { 'og:title': 'x' }]);
  assert.equal(loads, 1);
  await assert.rejects(cache.get('f', 0, () => Promise.reject(new Error('far end'))));
  assert.deepEqual(await cache.get('f', 0, async () => ({ 'og:title': 'ok' })), { 'og:title': 'ok' });
});

test('past maxFetches loads in flight a miss is 429 M_LIMIT_EXCEEDED, a hit is still served', async () => {
  const cache = new PreviewCache(10, HOUR, 1);
  await cache.get('hit', 0, async () => ({ 'og:title': 'hit' }));
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  const running = cache.get('slow', 0, async () => {
    await gate;
    return {};
  });
  await assert.rejects(
    cache.get('other', 0, async () => ({})),
    (err: unknown) => err instanceof MatrixError && err.errcode === 'M_LIMIT_EXCEEDED' && err.status === 429,
  );
  assert.deepEqual(await cache.get('hit', 0, async () => ({})), { 'og:title': 'hit' });
  release();
  await running;
  assert.deepEqual(await cache.get('other', 0, async () => ({ 'og:title': 'now' })), { 'og:title': 'now' });
});
