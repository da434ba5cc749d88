import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeContentHash, computeEventId, computeReferenceHash, encodeUrlSafeBase64, verifyContentHash, type Pdu } from '../src/node.ts';

// The spec's event signing example (appendices, "Event Signing").
const MINIMAL = {
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
};

test('content hash: the spec example event hashes to 5jM4wQpv…', () => {
  assert.equal(computeContentHash(MINIMAL), '5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos');
});

test('content hash: the spec example message hashes to onLKD1bG…', () => {
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
  };
  assert.equal(computeContentHash(event), 'onLKD1bGljeBWQhWZ1kaP9SorVmRQNdN5aM2JYU2n/g');
});

test('content hash: unsigned, signatures and hashes are excluded; everything else is covered', () => {
  const h = computeContentHash(MINIMAL);
  assert.equal(computeContentHash({ ...MINIMAL, unsigned: { age_ts: 5 }, signatures: { x: {} }, hashes: { sha256: 'x' } }), h);
  const { unsigned: _u, signatures: _s, hashes: _h, ...bare } = MINIMAL;
  assert.equal(computeContentHash(bare), h);
  assert.notEqual(computeContentHash({ ...MINIMAL, content: { body: 'x' } }), h);
  assert.notEqual(computeContentHash({ ...MINIMAL, origin_server_ts: 1 }), h);
});

test('content hash: verifyContentHash', () => {
  const good = { ...MINIMAL, hashes: { sha256: '5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos' } };
  assert.ok(verifyContentHash(good));
  assert.ok(verifyContentHash({ ...good, hashes: { sha256: '5jM4wQpv6lnBo7CLIghJuHdW+s2CMBJPUOGOC89ncos=' } }));
  assert.equal(verifyContentHash({ ...good, content: { a: 1 } }), false);
  assert.equal(verifyContentHash({ ...good, hashes: { sha256: 'bad!' } }), false);
  assert.equal(verifyContentHash({ ...good, hashes: {} }), false);
  assert.equal(verifyContentHash({ ...good, hashes: null }), false);
  assert.equal(verifyContentHash(MINIMAL), false);
});

// Independent vector: gomatrixserverlib eventversion_test.go (TestEventIDForRoomVersionV4), a create event whose
// redacted form is identical under the v1-v10 redaction rules.
const GMSL_CREATE = JSON.parse(
  `{"auth_events": [], "prev_events": [], "type": "m.room.create", "room_id": "!uXDCzlYgCTHtiWCkEx:jki.re", "sender": "@erikj:jki.re", "content": {"room_version": "5", "predecessor": {"room_id": "!gdRMqOrTFdOCYHNwOo:half-shot.uk", "event_id": "$LP7ROBc4b+cMc1UE9haIz8q5AK2AIW4eJ90FfKLvyZI"}, "creator": "@erikj:jki.re"}, "depth": 1, "prev_state": [], "state_key": "", "origin": "jki.re", "origin_server_ts": 1560284621137, "hashes": {"sha256": "IX6zuNiJpJPNf70BLleL3HSCpjKeq9Uhu7uUpyDjBmc"}, "signatures": {"jki.re": {"ed25519:auto": "O4IyFfF2PPtGp5uaDm8t57dZbdh8vc8Q64LgCwvzYRVItAMI0uisfiAFaxkVT7MRpzh6N2QNN5NMRXZKmgPYDA"}}, "unsigned": {"age": 1321650}}`,
) as Pdu;

test('event id: reference hash of a known create event ($RrGxF28U…)', () => {
  assert.equal(computeEventId(GMSL_CREATE, '10'), '$RrGxF28UrHLmoASHndYb9Jb_1SFww2ptmtur9INS438');
  assert.ok(verifyContentHash(GMSL_CREATE));
});

test('event id: the event id is the redacted event’s hash, so redactable content does not change it', () => {
  const withBody = { ...GMSL_CREATE, content: { ...GMSL_CREATE.content, extra: 'x' } };
  assert.equal(computeEventId(withBody, '10'), computeEventId(GMSL_CREATE, '10'));
  assert.notEqual(computeEventId({ ...GMSL_CREATE, hashes: { sha256: 'other' } }, '10'), computeEventId(GMSL_CREATE, '10'));
});

test('event id: signatures, unsigned and event_id do not affect the reference hash', () => {
  const id = computeEventId(GMSL_CREATE, '10');
  assert.equal(computeEventId({ ...GMSL_CREATE, signatures: {}, unsigned: {}, event_id: '$whatever' }, '10'), id);
  assert.equal(`$${encodeUrlSafeBase64(computeReferenceHash(GMSL_CREATE, '10'))}`, id);
});

test('event id: v11 uses its own redaction rules (origin dropped, create content kept)', () => {
  assert.notEqual(computeEventId(GMSL_CREATE, '11'), computeEventId(GMSL_CREATE, '10'));
  const withBody = { ...GMSL_CREATE, content: { ...GMSL_CREATE.content, extra: 'x' } };
  assert.notEqual(computeEventId(withBody, '11'), computeEventId(GMSL_CREATE, '11'));
  assert.equal(computeEventId({ ...GMSL_CREATE, origin: 'elsewhere' }, '11'), computeEventId(GMSL_CREATE, '11'));
});
