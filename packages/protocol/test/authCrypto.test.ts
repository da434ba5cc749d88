/** The authorisation rules in the browser-safe entry take their crypto from options.crypto; the Node entry supplies it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkEventAuth as checkWithoutCrypto, type AuthCrypto, type Pdu } from '../src/index.ts';
import { checkEventAuth, computeEventId, generateSigningKey, nodeAuthCrypto, signJson } from '../src/node.ts';
import { ALICE, BOB, assertAllowed, assertRejected, makeRoom, member, state } from './roomFactory.ts';

function creatorJoinWithoutCreateId() {
  const room = makeRoom({ members: {}, powerLevels: null, joinRule: null });
  const { event_id: _id, ...create } = room.create;
  const lookup = (type: string, key: string): Pdu | undefined => (type === 'm.room.create' && key === '' ? create : undefined);
  return { lookup, join: { ...member(ALICE, 'join'), prev_events: [computeEventId(create, '10')] } };
}

test('auth 4.3.1 (browser entry): without crypto the create event id is not computed', () => {
  const { lookup, join } = creatorJoinWithoutCreateId();
  assertRejected(checkWithoutCrypto(join, lookup, '10'), '4.3.4');
  assertAllowed(checkWithoutCrypto(join, lookup, '10', { crypto: nodeAuthCrypto }));
  assertAllowed(checkEventAuth(join, lookup, '10'));
});

test('auth 4.4.1.8 (browser entry): without crypto a third-party invite signature never verifies', () => {
  const key = generateSigningKey('tp');
  const tpi = state('m.room.third_party_invite', 'tok', { display_name: 'b...', key_validity_url: 'https://id.example/v', public_key: key.publicKey }, ALICE);
  const room = makeRoom({ members: { [ALICE]: 'join' }, extra: [tpi] });
  const invite = member(BOB, 'invite', ALICE, { third_party_invite: { display_name: 'b...', signed: signJson({ mxid: BOB, sender: ALICE, token: 'tok' }, 'id.example', key) } });
  assertRejected(checkWithoutCrypto(invite, room.state, '10'), '4.4.1.8');
  assertAllowed(checkWithoutCrypto(invite, room.state, '10', { crypto: nodeAuthCrypto }));
  assertAllowed(checkEventAuth(invite, room.state, '10'));
});

test('auth (node entry): an explicit options.crypto is used instead of the default', () => {
  const { lookup, join } = creatorJoinWithoutCreateId();
  const calls: string[] = [];
  const crypto: AuthCrypto = { eventIdOf: (e, v) => (calls.push('eventIdOf'), nodeAuthCrypto.eventIdOf(e, v)), verifyJsonSignature: () => false };
  assertAllowed(checkEventAuth(join, lookup, '10', { crypto }));
  assert.deepEqual(calls, ['eventIdOf']);
});
