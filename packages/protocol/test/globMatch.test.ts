import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { compileGlob, globMatch, type GlobOptions, type GlobSteps } from '../src/index.ts';

/** The reference: the obvious regular expression (exponential on bad inputs, so only small ones here). */
function reference(pattern: string, value: string, options: GlobOptions): boolean {
  const source = Array.from(pattern)
    .map((c) => (c === '*' ? '.*' : c === '?' && options.questionMark ? '.' : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 'su').test(value);
}

function steps(pattern: string, value: string, options: GlobOptions = {}): number {
  const counter: GlobSteps = { steps: 0 };
  globMatch(pattern, value, options, counter);
  return counter.steps;
}

test('globMatch: `*` matches any run of characters, the whole value must match', () => {
  assert.ok(globMatch('m.room.*', 'm.room.message'));
  assert.ok(globMatch('m.room.*', 'm.room.'));
  assert.ok(globMatch('*', ''));
  assert.ok(globMatch('**', 'anything'));
  assert.ok(globMatch('*.message', 'm.room.message'));
  assert.ok(globMatch('m.*.message', 'm.room.message'));
  assert.ok(globMatch('m.room.message', 'm.room.message'));
  assert.ok(globMatch('', ''));
  assert.equal(globMatch('m.room.*', 'm.roo'), false);
  assert.equal(globMatch('m.room', 'm.room.message'), false);
  assert.equal(globMatch('m.room.message', 'm.room'), false);
  assert.equal(globMatch('*.message', 'm.room.messages'), false);
  assert.equal(globMatch('ab*ba', 'aba'), false, 'prefix and suffix may not overlap');
  assert.equal(globMatch('', 'x'), false);
});

test('globMatch: regular expression syntax in a pattern is literal', () => {
  assert.ok(globMatch('m.room.(a|b)+[x]$', 'm.room.(a|b)+[x]$'));
  assert.equal(globMatch('m.room.a.', 'm.room.ab'), false);
  assert.equal(globMatch('.*', 'anything'), false);
  assert.ok(globMatch('\\*', '\\anything'), 'no escape character: \\ is literal and * still a wildcard');
});

test('globMatch: `?` is literal in filters and one character in push rule globs', () => {
  assert.ok(globMatch('a?c', 'a?c'));
  assert.equal(globMatch('a?c', 'abc'), false);
  assert.ok(globMatch('a?c', 'abc', { questionMark: true }));
  assert.equal(globMatch('a?c', 'ac', { questionMark: true }), false);
  assert.ok(globMatch('lunc?*', 'lunch plans', { questionMark: true }), 'the spec example (after case folding)');
  assert.ok(globMatch('*?a?*', 'xxbab', { questionMark: true }));
  assert.ok(globMatch('*b?d*', 'abcbxd', { questionMark: true }));
  assert.equal(globMatch('*b?d*', 'abcbx', { questionMark: true }), false);
  assert.ok(globMatch('a?', 'a😀', { questionMark: true }), '? is one character, not one UTF-16 unit');
  assert.ok(globMatch('*😀?*', 'x😀😀y', { questionMark: true }));
});

test('globMatch: middle segments are found leftmost, with KMP fallbacks', () => {
  assert.ok(globMatch('*aab*', 'aaab'));
  assert.ok(globMatch('*abab*', 'abaabab'));
  assert.ok(globMatch('x*aa*aa*y', 'xaaaay'));
  assert.equal(globMatch('x*aa*aa*y', 'xaaay'), false);
  assert.ok(globMatch('*abcabd*', 'abcabcabd'));
  assert.equal(globMatch('*abcabd*', 'abcabcab'), false);
});

test('compileGlob: one compiled pattern matches many values', () => {
  const m = compileGlob('m.*.message');
  assert.ok(m('m.room.message'));
  assert.ok(m('m.x.message'));
  assert.equal(m('m.room.member'), false);
});

const smallString = (chars: string[], maxLength: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...chars), { maxLength }).map((a) => a.join(''));

test('globMatch agrees with a regular expression on small inputs (filter globs)', () => {
  fc.assert(
    fc.property(smallString(['a', 'b', '*', '?', '.'], 8), smallString(['a', 'b', '?', '.'], 10), (pattern, value) => {
      assert.equal(globMatch(pattern, value), reference(pattern, value, {}));
    }),
    { numRuns: 5000 },
  );
});

test('globMatch agrees with a regular expression on small inputs (push rule globs)', () => {
  fc.assert(
    fc.property(smallString(['a', 'b', '*', '?', '😀'], 8), smallString(['a', 'b', '?', '😀'], 10), (pattern, value) => {
      assert.equal(globMatch(pattern, value, { questionMark: true }), reference(pattern, value, { questionMark: true }));
    }),
    { numRuns: 5000 },
  );
});

test('globMatch work is at most pattern x value comparisons, on any input', () => {
  fc.assert(
    fc.property(smallString(['a', 'b', '*', '?'], 40), smallString(['a', 'b'], 60), fc.boolean(), (pattern, value, questionMark) => {
      const m = pattern.length;
      const n = value.length;
      assert.ok(steps(pattern, value, { questionMark }) <= Math.max(m * n, 2 * n + m));
    }),
    { numRuns: 3000 },
  );
});

// Worst cases for a backtracking matcher: many `*`, alternating characters, a near miss at the end.
const A255 = 'a'.repeat(255);
const WORST: Array<[string, string, GlobOptions]> = [
  ['*a*a*a*a*b', A255, {}],
  ['*a*a*a*a*a*a*a*a*a*a*a*a*b', A255, {}],
  ['*a'.repeat(127) + '*b', A255, {}],
  ['*' + 'a'.repeat(254) + 'b*', A255, {}],
  ['*' + 'a'.repeat(100) + 'b*', A255, {}],
  ['*' + 'ab'.repeat(60) + 'c*', 'ab'.repeat(127) + 'a', {}],
  ['*a'.repeat(500), A255, {}],
  ['*' + 'a'.repeat(998) + '*', A255, {}],
  ['*' + 'a'.repeat(100) + '?b*', A255, { questionMark: true }],
  ['*?'.repeat(127) + '*b', A255, { questionMark: true }],
  ['*' + '?a'.repeat(60) + 'b*', 'a'.repeat(255), { questionMark: true }],
  ['?'.repeat(500) + '*' + '?'.repeat(499), A255, { questionMark: true }],
];

test('globMatch worst cases: 255-character values and patterns up to 1,000 characters stay within pattern x value steps', () => {
  for (const [pattern, value, options] of WORST) {
    const s = steps(pattern, value, options);
    assert.equal(globMatch(pattern, value, options), false, 'each is a near miss');
    assert.ok(s <= pattern.length * value.length, `${pattern.slice(0, 20)}…: ${s} steps`);
  }
});

test('globMatch with `*` only is linear: at most 2 x value + pattern steps', () => {
  for (const [pattern, value, options] of WORST.filter(([, , o]) => !o.questionMark)) {
    const s = steps(pattern, value, options);
    assert.ok(s <= 2 * value.length + pattern.length, `${pattern.slice(0, 20)}…: ${s} steps`);
  }
  const long = 'x'.repeat(10_000);
  assert.ok(steps('*' + 'x'.repeat(999) + 'y*', long) <= 2 * long.length + 1001);
});
