import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CanonicalJsonError, canonicalJson, compareCodePoints } from '../src/index.ts';

// Every example in the appendices, "Canonical JSON" > "Examples" (input given as JSON text).
const SPEC_EXAMPLES: Array<[string, string]> = [
  ['{}', '{}'],
  ['{\n    "one": 1,\n    "two": "Two"\n}', '{"one":1,"two":"Two"}'],
  ['{\n    "b": "2",\n    "a": "1"\n}', '{"a":"1","b":"2"}'],
  ['{"b":"2","a":"1"}', '{"a":"1","b":"2"}'],
  [
    `{
    "auth": {
        "success": true,
        "mxid": "@john.doe:example.com",
        "profile": {
            "display_name": "John Doe",
            "three_pids": [
                {
                    "medium": "email",
                    "address": "john.doe@example.org"
                },
                {
                    "medium": "msisdn",
                    "address": "123456789"
                }
            ]
        }
    }
}`,
    '{"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe","three_pids":[{"address":"john.doe@example.org","medium":"email"},{"address":"123456789","medium":"msisdn"}]},"success":true}}',
  ],
  ['{\n    "a": "日本語"\n}', '{"a":"日本語"}'],
  ['{\n    "本": 2,\n    "日": 1\n}', '{"日":1,"本":2}'],
  ['{\n    "a": "\\u65E5"\n}', '{"a":"日"}'],
  ['{\n    "a": null\n}', '{"a":null}'],
  ['{\n    "a": -0,\n    "b": 1e10\n}', '{"a":0,"b":10000000000}'],
];

SPEC_EXAMPLES.forEach(([input, expected], i) => {
  test(`canonical JSON: spec example ${i + 1} -> ${expected}`, () => {
    assert.equal(canonicalJson(JSON.parse(input)), expected);
  });
});

test('canonical JSON: the output is UTF-8 without \\u escapes for non-ASCII', () => {
  const out = canonicalJson({ a: 'é😀\u2028' });
  assert.equal(out, '{"a":"é😀\u2028"}');
  assert.deepEqual([...Buffer.from(out, 'utf8')].slice(6, 8), [0xc3, 0xa9]);
});

test('canonical JSON: escapes follow the grammar (short escapes, lower-case \\u00XX for other controls)', () => {
  assert.equal(canonicalJson('"\\\b\t\n\f\r'), '"\\"\\\\\\b\\t\\n\\f\\r"');
  assert.equal(canonicalJson('\u0000\u0001\u000b\u000e\u001f\u007f'), '"\\u0000\\u0001\\u000b\\u000e\\u001f\u007f"');
  assert.equal(canonicalJson('/'), '"/"');
});

test('canonical JSON: keys are sorted by code point, not UTF-16 unit', () => {
  assert.equal(canonicalJson({ '\uFFFF': 1, '\u{10000}': 2, b: 3, a: 4, aa: 5, B: 6 }), '{"B":6,"a":4,"aa":5,"b":3,"\uFFFF":1,"\u{10000}":2}');
  assert.ok(compareCodePoints('\u{10000}', '\uFFFF') > 0);
  assert.ok(compareCodePoints('\uFFFF', '\u{10000}') < 0);
  assert.ok(compareCodePoints('\u{10001}', '\u{10000}') > 0);
  assert.equal(compareCodePoints('abc', 'abc'), 0);
  assert.ok(compareCodePoints('ab', 'abc') < 0);
});

test('canonical JSON: nested arrays, booleans and integers at the range limits', () => {
  assert.equal(canonicalJson([true, false, null, [], {}, 2 ** 53 - 1, -(2 ** 53) + 1]), '[true,false,null,[],{},9007199254740991,-9007199254740991]');
  assert.equal(canonicalJson(1.0), '1');
});

test('canonical JSON: undefined object properties are omitted', () => {
  assert.equal(canonicalJson({ a: undefined, b: 1 }), '{"b":1}');
});

test('canonical JSON: objects without a prototype are plain', () => {
  const o = Object.create(null) as Record<string, unknown>;
  o['x'] = 1;
  assert.equal(canonicalJson(o), '{"x":1}');
});

test('canonical JSON: floats are rejected', () => {
  assert.throws(() => canonicalJson({ a: 1.5 }), CanonicalJsonError);
  assert.throws(() => canonicalJson(0.1), /non-integer number 0.1 at \//);
});

test('canonical JSON: NaN and infinities are rejected', () => {
  for (const v of [NaN, Infinity, -Infinity]) assert.throws(() => canonicalJson({ v }), CanonicalJsonError);
});

test('canonical JSON: integers outside [-(2**53)+1, 2**53-1] are rejected', () => {
  assert.throws(() => canonicalJson(2 ** 53), /out of range/);
  assert.throws(
    () => canonicalJson({ a: [-(2 ** 53)] }),
    (e: unknown) => e instanceof CanonicalJsonError && e.path === '/a/0',
  );
  assert.throws(() => canonicalJson(JSON.parse('{"big": 9007199254740993}')), CanonicalJsonError);
});

test('canonical JSON: undefined in arrays and non-JSON values are rejected', () => {
  assert.throws(() => canonicalJson([1, undefined]), /undefined in array at \/1/);
  assert.throws(() => canonicalJson(undefined), /unsupported undefined/);
  assert.throws(() => canonicalJson({ f: () => 1 }), /unsupported function/);
  assert.throws(() => canonicalJson(Symbol('x')), CanonicalJsonError);
  assert.throws(() => canonicalJson(10n), /unsupported bigint/);
  assert.throws(() => canonicalJson({ d: new Date(0) }), /non-plain object \[object Date\]/);
  assert.throws(() => canonicalJson(new Map()), CanonicalJsonError);
  assert.throws(() => canonicalJson(new Uint8Array(1)), CanonicalJsonError);
});

test('canonical JSON: lone surrogates (not encodable as UTF-8) are rejected', () => {
  assert.throws(() => canonicalJson('\uD800'), /lone surrogate/);
  assert.throws(() => canonicalJson({ '\uDC00x': 1 }), /lone surrogate/);
  assert.equal(canonicalJson('\uD83D\uDE00'), '"😀"');
});

test('canonical JSON: cycles are rejected, shared references are not', () => {
  const a: Record<string, unknown> = {};
  a['self'] = a;
  assert.throws(() => canonicalJson(a), /cyclic/);
  const shared = { x: 1 };
  assert.equal(canonicalJson({ a: shared, b: [shared] }), '{"a":{"x":1},"b":[{"x":1}]}');
});

test('canonical JSON: the error reports the root path as /', () => {
  const err = (() => {
    try {
      canonicalJson(1.5);
    } catch (e) {
      return e;
    }
    return undefined;
  })();
  assert.ok(err instanceof CanonicalJsonError);
  assert.equal(err.name, 'CanonicalJsonError');
  assert.equal(err.path, '');
  assert.match(err.message, / at \/$/);
});
