import { test } from 'node:test';
import { ALICE, BOB, CAROL, assertAllowed, assertRejected, ev, makeRoom, state } from './roomFactory.ts';

test('auth 5: an event from a sender who is not joined is rejected', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'invite', [CAROL]: 'leave' } });
  assertRejected(room.check(ev({ type: 'm.room.message', sender: BOB })), '5');
  assertRejected(room.check(ev({ type: 'm.room.message', sender: CAROL })), '5');
  assertRejected(room.check(ev({ type: 'm.room.message', sender: '@nobody:example.org' })), '5');
});

test('auth 6.1: m.room.third_party_invite needs the invite level', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join' }, powerLevels: { invite: 50 } });
  const tpi = (sender: string) => ev({ type: 'm.room.third_party_invite', state_key: 'tok', sender, content: { public_key: 'k' } });
  assertAllowed(room.check(tpi(ALICE)));
  assertRejected(room.check(tpi(BOB)), '6.1');
});

test('auth 7: a message below the required power level is rejected', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join' }, powerLevels: { events_default: 10 } });
  assertRejected(room.check(ev({ type: 'm.room.message', sender: BOB })), '7');
  assertAllowed(room.check(ev({ type: 'm.room.message', sender: ALICE })));
});

test('auth 7: state events default to state_default (50) and events[type] overrides', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join' }, powerLevels: { events: { 'm.room.topic': 0, 'm.room.message': 5 } } });
  assertRejected(room.check(state('m.room.name', '', { name: 'x' }, BOB)), '7');
  assertAllowed(room.check(state('m.room.topic', '', { topic: 'x' }, BOB)));
  assertRejected(room.check(ev({ type: 'm.room.message', sender: BOB })), '7');
});

test('auth 7: without a power levels event only the creator may send state', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join' }, powerLevels: null });
  assertAllowed(room.check(state('m.room.name', '', { name: 'x' }, ALICE)));
  assertRejected(room.check(state('m.room.name', '', { name: 'x' }, BOB)), '7');
  assertAllowed(room.check(ev({ type: 'm.room.message', sender: BOB })));
});

test('auth 7: m.room.redaction is subject to events/events_default, not the redact level', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join' }, powerLevels: { redact: 100 } });
  assertAllowed(room.check(ev({ type: 'm.room.redaction', sender: BOB, redacts: '$x' })));
  const strict = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join' }, powerLevels: { events: { 'm.room.redaction': 50 } } });
  assertRejected(strict.check(ev({ type: 'm.room.redaction', sender: BOB, redacts: '$x' })), '7');
});

test("auth 8: a state_key starting with '@' must match the sender", () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join' }, powerLevels: { state_default: 0 } });
  assertRejected(room.check(state('org.example.status', ALICE, {}, BOB)), '8');
  assertAllowed(room.check(state('org.example.status', BOB, {}, BOB)));
  assertAllowed(room.check(state('org.example.status', 'not-a-user', {}, BOB)));
  assertRejected(room.check(state('org.example.status', '@', {}, BOB)), '8');
});

test("auth 8: even the room creator cannot set another user's '@' state_key", () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join' } });
  assertRejected(room.check(state('org.example.status', BOB, {}, ALICE)), '8');
});

test('auth 10: anything else from a joined member with enough power is allowed', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join' } });
  assertAllowed(room.check(ev({ type: 'm.room.message', sender: BOB, content: { body: 'hi', msgtype: 'm.text' } })));
  assertAllowed(room.check(state('m.room.name', '', { name: 'x' }, ALICE)));
});

test('auth 10 (v11): the same rules apply in room version 11', () => {
  const room = makeRoom({ version: '11', members: { [ALICE]: 'join', [BOB]: 'join' } });
  assertAllowed(room.check(ev({ type: 'm.room.message', sender: BOB })));
  assertRejected(room.check(state('m.room.name', '', { name: 'x' }, BOB)), '7');
  assertRejected(room.check(ev({ type: 'm.room.message', sender: CAROL })), '5');
});
