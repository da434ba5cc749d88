// The lazy-loading record (apps/server/src/sync/SentMemberTracker.ts): whatever happens to it
// (eviction, dropped responses, retries, parallel syncs), a member event may be sent again but
// is never held back from a client that did not receive it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SentMemberTracker } from '../../apps/server/src/sync/SentMemberTracker.ts';
import { hasFloatSyntax } from '../../apps/server/src/http/floatSyntax.ts';

const U = '@a:x';
const D = 'DEV';
const R = '!r:x';

describe('SentMemberTracker', () => {
  it('a member sent along the chain is held back; a changed event is not', () => {
    const t = new SentMemberTracker();
    const first = t.begin(U, D, null, 10);
    first.record(R, '@b:x', '$1');
    first.end();
    const next = t.begin(U, D, 10, 20);
    assert.equal(next.alreadySent(R, '@b:x', '$1'), true);
    assert.equal(next.alreadySent(R, '@b:x', '$2'), false, 'a new member event');
    assert.equal(next.alreadySent(R, '@c:x', '$3'), false, 'never sent');
    assert.equal(next.alreadySent('!other:x', '@b:x', '$1'), false, 'another room');
    next.end();
    const otherDevice = t.begin(U, 'OTHER', 10, 20);
    assert.equal(otherDevice.alreadySent(R, '@b:x', '$1'), false);
  });

  it('an evicted entry is sent again', () => {
    const t = new SentMemberTracker(2);
    const s = t.begin(U, D, null, 10);
    s.record(R, '@b:x', '$1');
    s.record(R, '@c:x', '$2');
    s.record(R, '@d:x', '$3');
    s.end();
    assert.equal(t.size, 2);
    const next = t.begin(U, D, 10, 20);
    assert.equal(next.alreadySent(R, '@b:x', '$1'), false);
    assert.equal(next.alreadySent(R, '@d:x', '$3'), true);
  });

  it('an evicted device starts afresh', () => {
    const t = new SentMemberTracker(100, 1);
    const s = t.begin(U, D, null, 10);
    s.record(R, '@b:x', '$1');
    s.end();
    t.begin('@other:x', D, null, 11).end();
    assert.equal(t.begin(U, D, 10, 20).alreadySent(R, '@b:x', '$1'), false);
  });

  it('a dropped response: a retry from the old token, and the chain after it, do not count on it', () => {
    const t = new SentMemberTracker();
    t.begin(U, D, null, 10).end();
    const lost = t.begin(U, D, 10, 20);
    lost.record(R, '@b:x', '$1');
    lost.end();
    // The client never saw `lost`: it retries from 10, and the retry does not carry @b.
    const retry = t.begin(U, D, 10, 25);
    assert.equal(retry.alreadySent(R, '@b:x', '$1'), false);
    retry.end();
    // Continuing from the retry (25 > 20): @b was never received, so it is not held back.
    assert.equal(t.begin(U, D, 25, 30).alreadySent(R, '@b:x', '$1'), false);
  });

  it('a rebuild keeps what came before its since', () => {
    const t = new SentMemberTracker();
    const first = t.begin(U, D, null, 10);
    first.record(R, '@b:x', '$1');
    first.end();
    const dropped = t.begin(U, D, 10, 20);
    dropped.record(R, '@c:x', '$2');
    dropped.end();
    const rebuilt = t.begin(U, D, 10, 22);
    rebuilt.end();
    const next = t.begin(U, D, 22, 30);
    assert.equal(next.alreadySent(R, '@b:x', '$1'), true, 'received before the rebuild');
    assert.equal(next.alreadySent(R, '@c:x', '$2'), false, 'only in the dropped response');
  });

  it('parallel syncs from one token: neither counts on what the other carried', () => {
    const t = new SentMemberTracker();
    t.begin(U, D, null, 10).end();
    const a = t.begin(U, D, 10, 20);
    const b = t.begin(U, D, 10, 21);
    a.record(R, '@b:x', '$1');
    a.end();
    b.end();
    assert.equal(t.begin(U, D, 21, 30).alreadySent(R, '@b:x', '$1'), false);
  });

  it('any other token starts a new chain', () => {
    const t = new SentMemberTracker();
    const s = t.begin(U, D, null, 10);
    s.record(R, '@b:x', '$1');
    s.end();
    t.begin(U, D, 10, 20).end();
    assert.equal(t.begin(U, D, 15, 30).alreadySent(R, '@b:x', '$1'), false);
  });
});

describe('hasFloatSyntax', () => {
  it('finds fractions and exponents outside strings only', () => {
    for (const text of ['1.0', '{"a":1e3}', '[2E2]', '{"a":-0.5}', '{"a":"x","b":1.5}']) assert.equal(hasFloatSyntax(text), true, text);
    for (const text of ['1', '{"a":"1.5"}', '{"a":true,"b":false,"e":null}', '{"a":"\\"1.5"}', '{"a":"\\\\","b":12}', '{"1e3":-7}'])
      assert.equal(hasFloatSyntax(text), false, text);
  });
});
