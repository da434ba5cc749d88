import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  computeEventId,
  decodeBase64,
  generateSigningKey,
  hashAndSignEvent,
  signBytes,
  signJson,
  signingKeyFromSeed,
  verifyEventSignature,
  verifyJsonSignature,
  type Pdu,
} from '../src/node.ts';

// appendices, "Cryptographic Test Vectors"
const SEED = decodeBase64('YJDBA9Xnr2sVqXD9Vj7XVUnmFZcZrlw8Md7kMW+3XA1');
const KEY = signingKeyFromSeed('ed25519:1', SEED);
const SERVER = 'domain';

test('signing: the spec’s signing key seed gives the known public key', () => {
  assert.equal(KEY.keyId, 'ed25519:1');
  assert.equal(KEY.publicKey, 'XGX0JRS2Af3be3knz2fBiRbApjm2Dh61gXDJA8kcJNI');
  assert.deepEqual([...KEY.seed], [...SEED]);
});

test('signing: JSON signing of the empty object matches the spec', () => {
  assert.deepEqual(signJson({}, SERVER, KEY), {
    signatures: { domain: { 'ed25519:1': 'K8280/U9SSy9IVtjBuVeLr+HpOB4BQFWbg+UZaADMtTdGYI7Geitb76LTrr5QV/7Xg4ahLwYGYZzuHGZKM5ZAQ' } },
  });
});

test('signing: JSON signing of {"one":1,"two":"Two"} matches the spec', () => {
  assert.deepEqual(signJson({ one: 1, two: 'Two' }, SERVER, KEY), {
    one: 1,
    signatures: { domain: { 'ed25519:1': 'KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw' } },
    two: 'Two',
  });
});

test('signing: the spec’s minimal event is hashed and signed as in the spec', () => {
  const event = {
    room_id: '!x:domain',
    sender: '@a:domain',
    origin: 'domain',
    origin_server_ts: 1000000,
    signatures: {},
    hashes: {},
    type: 'X',
    content: {},
    prev_events: [],
    auth_events: [],
    depth: 3,
    unsigned: { age_ts: 1000000 },
  } as unknown as Omit<Pdu, 'hashes' | 'signatures' | 'event_id'>;
  const { pdu, eventId } = hashAndSignEvent(event, SERVER, KEY, '10');
  assert.deepEqual(pdu, {
    auth_events: [],
    content: {},
    depth: 3,
    hashes: { sha256: '5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos' },
    origin: 'domain',
    origin_server_ts: 1000000,
    prev_events: [],
    room_id: '!x:domain',
    sender: '@a:domain',
    signatures: { domain: { 'ed25519:1': 'KxwGjPSDEtvnFgU00fwFz+l6d2pJM6XBIaMEn81SXPTRl16AqLAYqfIReFGZlHi5KLjAWbOoMszkwsQma+lYAg' } },
    type: 'X',
    unsigned: { age_ts: 1000000 },
  });
  assert.equal(eventId, computeEventId(pdu, '10'));
});

test('signing: the spec’s event with redactable content is hashed and signed as in the spec', () => {
  const event = {
    content: { body: 'Here is the message content' },
    event_id: '$0:domain',
    origin: 'domain',
    origin_server_ts: 1000000,
    type: 'm.room.message',
    room_id: '!r:domain',
    sender: '@u:domain',
    signatures: {},
    unsigned: { age_ts: 1000000 },
  } as unknown as Omit<Pdu, 'hashes' | 'signatures' | 'event_id'>;
  const { pdu } = hashAndSignEvent(event, SERVER, KEY, '10');
  assert.deepEqual(pdu, {
    content: { body: 'Here is the message content' },
    event_id: '$0:domain',
    hashes: { sha256: 'onLKD1bGljeBWQhWZ1kaP9SorVmRQNdN5aM2JYU2n/g' },
    origin: 'domain',
    origin_server_ts: 1000000,
    type: 'm.room.message',
    room_id: '!r:domain',
    sender: '@u:domain',
    signatures: { domain: { 'ed25519:1': 'Wm+VzmOUOz08Ds+0NTWb1d4CZrVsJSikkeRxh6aCcUwu6pNC78FunoD7KNWzqFn241eYHYMGCA5McEiVPdhzBA' } },
    unsigned: { age_ts: 1000000 },
  });
  // the signature covers the redacted form, so it survives redaction of the content
  assert.ok(verifyEventSignature(pdu as Pdu, SERVER, 'ed25519:1', KEY.publicKey, '10'));
  assert.ok(verifyEventSignature({ ...(pdu as Pdu), content: {} }, SERVER, 'ed25519:1', KEY.publicKey, '10'));
});

test('signing: verifyJsonSignature accepts the spec’s signed objects', () => {
  const signed = { one: 1, two: 'Two', signatures: { domain: { 'ed25519:1': 'KqmLSbO39/Bzb0QIYE82zqLwsA+PDzYIpIRA2sRQ4sL53+sN6/fpNSoqE7BP7vBZhG6kYdD13EIMJpvhJI+6Bw' } } };
  assert.ok(verifyJsonSignature(signed, SERVER, 'ed25519:1', KEY.publicKey));
  assert.ok(verifyJsonSignature({ ...signed, unsigned: { anything: true } }, SERVER, 'ed25519:1', KEY.publicKey));
  assert.ok(verifyJsonSignature(signed, SERVER, 'ed25519:1', `${KEY.publicKey}=`));
});

test('signing: verifyJsonSignature fails closed', () => {
  const signed = signJson({ a: 1 }, SERVER, KEY);
  const other = generateSigningKey();
  assert.equal(verifyJsonSignature({ ...signed, a: 2 }, SERVER, 'ed25519:1', KEY.publicKey), false, 'tampered');
  assert.equal(verifyJsonSignature(signed, SERVER, 'ed25519:1', other.publicKey), false, 'wrong key');
  assert.equal(verifyJsonSignature(signed, 'other', 'ed25519:1', KEY.publicKey), false, 'no entry for server');
  assert.equal(verifyJsonSignature(signed, SERVER, 'ed25519:2', KEY.publicKey), false, 'no such key id');
  assert.equal(verifyJsonSignature(signed, SERVER, 'curve25519:1', KEY.publicKey), false, 'unknown algorithm');
  assert.equal(verifyJsonSignature(signed, SERVER, 'ed25519:1', 'not base64!'), false, 'bad public key');
  assert.equal(verifyJsonSignature(signed, SERVER, 'ed25519:1', 'AAAA'), false, 'short public key');
  assert.equal(verifyJsonSignature({ a: 1, signatures: { domain: { 'ed25519:1': '!!' } } }, SERVER, 'ed25519:1', KEY.publicKey), false, 'bad signature base64');
  assert.equal(verifyJsonSignature({ a: 1, signatures: { domain: { 'ed25519:1': 'AAAA' } } }, SERVER, 'ed25519:1', KEY.publicKey), false, 'short signature');
  assert.equal(verifyJsonSignature({ a: 1.5, signatures: signed.signatures }, SERVER, 'ed25519:1', KEY.publicKey), false, 'not canonical');
  assert.equal(verifyJsonSignature({ a: 1 }, SERVER, 'ed25519:1', KEY.publicKey), false, 'no signatures');
  assert.equal(verifyJsonSignature({ a: 1, signatures: { domain: 'x' } }, SERVER, 'ed25519:1', KEY.publicKey), false, 'malformed signatures');
  assert.equal(verifyJsonSignature({ a: 1, signatures: 'x' }, SERVER, 'ed25519:1', KEY.publicKey), false, 'malformed signatures');
});

test('signing: signJson keeps existing signatures and unsigned, and does not mutate its input', () => {
  const input = { a: 1, signatures: { other: { 'ed25519:x': 'sig' }, domain: { 'ed25519:0': 'old' } }, unsigned: { age: 5 } };
  const copy = structuredClone(input);
  const out = signJson(input, SERVER, KEY);
  assert.deepEqual(input, copy);
  assert.deepEqual(out.unsigned, { age: 5 });
  assert.equal(out.signatures.other['ed25519:x'], 'sig');
  assert.equal(out.signatures.domain['ed25519:0'], 'old');
  assert.ok(verifyJsonSignature(out, SERVER, 'ed25519:1', KEY.publicKey));
  assert.notEqual(out.signatures.other, input.signatures.other);
});

test('signing: generated keys sign and verify; versions default to a_XXXX', () => {
  const key = generateSigningKey();
  assert.match(key.keyId, /^ed25519:a_[A-Za-z0-9_-]{4}$/);
  assert.equal(key.seed.length, 32);
  assert.equal(decodeBase64(key.publicKey).length, 32);
  assert.equal(generateSigningKey('v2').keyId, 'ed25519:v2');
  const signed = signJson({ hello: 'world' }, 'example.org', key);
  assert.ok(verifyJsonSignature(signed, 'example.org', key.keyId, key.publicKey));
  assert.equal(decodeBase64(signBytes(new Uint8Array([1, 2, 3]), key)).length, 64);
});

test('signing: a key rebuilt from a copied seed signs identically (no cached state required)', () => {
  const copy = { ...KEY, seed: new Uint8Array(KEY.seed) };
  assert.equal(signBytes(new Uint8Array([1]), copy), signBytes(new Uint8Array([1]), KEY));
});

test('signing: seeds must be 32 bytes', () => {
  assert.throws(() => signingKeyFromSeed('ed25519:1', new Uint8Array(31)), RangeError);
});

test('signing: hashAndSignEvent output verifies and its event id is the reference hash', () => {
  const key = generateSigningKey('t');
  for (const version of ['10', '11'] as const) {
    const { pdu, eventId } = hashAndSignEvent(
      {
        room_id: '!r:example.org',
        type: 'm.room.message',
        sender: '@a:example.org',
        origin_server_ts: 1,
        content: { body: 'hi' },
        auth_events: ['$a'],
        prev_events: ['$p'],
        depth: 4,
      },
      'example.org',
      key,
      version,
    );
    assert.equal(pdu.event_id, undefined);
    assert.match(eventId, /^\$[A-Za-z0-9_-]{43}$/);
    assert.equal(eventId, computeEventId(pdu, version));
    assert.ok(verifyEventSignature(pdu, 'example.org', key.keyId, key.publicKey, version));
    assert.equal(verifyEventSignature({ ...pdu, depth: 5 }, 'example.org', key.keyId, key.publicKey, version), false);
  }
});

test('signing: the public key cache stays bounded and still verifies afterwards', () => {
  const signed = signJson({ a: 1 }, SERVER, KEY);
  for (let i = 0; i < 1100; i++) assert.equal(verifyJsonSignature(signed, SERVER, 'ed25519:1', `AAAA${i}`), false);
  assert.ok(verifyJsonSignature(signed, SERVER, 'ed25519:1', KEY.publicKey));
});
