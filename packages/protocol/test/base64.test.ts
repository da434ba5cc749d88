import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeBase64, encodeUnpaddedBase64, encodeUrlSafeBase64 } from '../src/index.ts';

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

test('base64: the spec’s UNPADDED_BASE64 examples', () => {
  const examples: Array<[string, string]> = [
    ['', ''],
    ['f', 'Zg'],
    ['fo', 'Zm8'],
    ['foo', 'Zm9v'],
    ['foob', 'Zm9vYg'],
    ['fooba', 'Zm9vYmE'],
    ['foobar', 'Zm9vYmFy'],
  ];
  for (const [plain, encoded] of examples) {
    assert.equal(encodeUnpaddedBase64(bytes(plain)), encoded);
    assert.equal(text(decodeBase64(encoded)), plain);
  }
});

test('base64: URL-safe uses - and _ and no padding', () => {
  const b = new Uint8Array([0xfb, 0xff, 0xbf]);
  assert.equal(encodeUnpaddedBase64(b), '+/+/');
  assert.equal(encodeUrlSafeBase64(b), '-_-_');
  assert.equal(encodeUrlSafeBase64(new Uint8Array([0xff])), '_w');
});

test('base64: encoding respects subarray views', () => {
  const b = new Uint8Array([0, 102, 111, 111, 0]).subarray(1, 4);
  assert.equal(encodeUnpaddedBase64(b), 'Zm9v');
  assert.equal(encodeUrlSafeBase64(b), 'Zm9v');
});

test('base64: decoding accepts padded, unpadded, standard and URL-safe input', () => {
  for (const s of ['Zm8=', 'Zm8', 'Zg==', 'Zg']) assert.ok(decodeBase64(s).length > 0);
  assert.deepEqual([...decodeBase64('+/+/')], [0xfb, 0xff, 0xbf]);
  assert.deepEqual([...decodeBase64('-_-_')], [0xfb, 0xff, 0xbf]);
  assert.deepEqual([...decodeBase64('_w==')], [0xff]);
});

test('base64: decoding rejects invalid input', () => {
  for (const s of ['Zm9v!', 'Z', 'Zm9vY', '+_', 'Zm8==', 'Z===', '=Zm8', 'Zm 9v']) {
    assert.throws(() => decodeBase64(s), TypeError, s);
  }
});
