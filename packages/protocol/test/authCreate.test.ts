import assert from 'node:assert/strict';
import { test } from 'node:test';
import { authStateFromEvents, checkAuthEvents, checkEventAuth, type Pdu } from '../src/node.ts';
import { ALICE, BOB, EVE, ROOM, assertAllowed, assertRejected, ev, makeRoom, member, state } from './roomFactory.ts';

const noState = authStateFromEvents([]);
const create = (fields: Partial<Pdu> = {}): Pdu => ev({ type: 'm.room.create', state_key: '', prev_events: [], content: { creator: ALICE, room_version: '10' }, ...fields });

test('auth 1.5: a well-formed m.room.create is allowed without any state', () => {
  assertAllowed(checkEventAuth(create(), noState, '10'));
  assertAllowed(checkEventAuth(create({ content: { creator: ALICE } }), noState, '10'));
});

test('auth 1.1: an m.room.create with prev_events is rejected', () => {
  assertRejected(checkEventAuth(create({ prev_events: ['$x'] }), noState, '10'), '1.1');
});

test('auth 1.2: an m.room.create whose room_id domain differs from the sender domain is rejected', () => {
  assertRejected(checkEventAuth(create({ sender: EVE }), noState, '10'), '1.2');
});

test('auth 1.3: an m.room.create with an unrecognised room_version is rejected', () => {
  assertRejected(checkEventAuth(create({ content: { creator: ALICE, room_version: '999' } }), noState, '10'), '1.3');
  assertRejected(checkEventAuth(create({ content: { creator: ALICE, room_version: 10 } }), noState, '10'), '1.3');
});

test('auth 1.4: in v10 an m.room.create without creator is rejected', () => {
  assertRejected(checkEventAuth(create({ content: { room_version: '10' } }), noState, '10'), '1.4');
});

test('auth 1.4 (v11): an m.room.create without creator is allowed', () => {
  assertAllowed(checkEventAuth(create({ content: { room_version: '11' } }), noState, '11'));
});

test('auth 2.4: an event is rejected when the state has no m.room.create', () => {
  assertRejected(checkEventAuth(ev({ type: 'm.room.message' }), noState, '10'), '2.4');
});

test('auth 2.5: an event is rejected when an auth state event belongs to another room', () => {
  const room = makeRoom();
  const foreignPl = { ...state('m.room.power_levels', '', {}), room_id: '!other:example.org' };
  const lookup = authStateFromEvents([...room.events, foreignPl]);
  assertRejected(checkEventAuth(ev({ type: 'm.room.message' }), lookup, '10'), '2.5');
});

const entry = (type: string, state_key: string, extra: Record<string, unknown> = {}) => ({ type, state_key, room_id: ROOM, ...extra });
const msg = ev({ type: 'm.room.message' });

test('auth 2 (checkAuthEvents): the auth events of the selection are accepted', () => {
  assertAllowed(checkAuthEvents(msg, [entry('m.room.create', ''), entry('m.room.power_levels', ''), entry('m.room.member', ALICE)]));
});

test('auth 2.1: duplicate auth events for a type and state_key are rejected', () => {
  assertRejected(checkAuthEvents(msg, [entry('m.room.create', ''), entry('m.room.create', '')]), '2.1');
});

test('auth 2.2: auth events outside the auth events selection are rejected', () => {
  assertRejected(checkAuthEvents(msg, [entry('m.room.create', ''), entry('m.room.member', BOB)]), '2.2');
  assertRejected(checkAuthEvents(msg, [entry('m.room.create', ''), entry('m.room.join_rules', '')]), '2.2');
  assertRejected(checkAuthEvents(msg, [{ type: 'm.room.create', room_id: ROOM }]), '2.2');
});

test('auth 2.3: auth events that were themselves rejected are rejected', () => {
  assertRejected(checkAuthEvents(msg, [entry('m.room.create', ''), entry('m.room.power_levels', '', { rejected: true })]), '2.3');
});

test('auth 2.4: auth events without an m.room.create are rejected', () => {
  assertRejected(checkAuthEvents(msg, [entry('m.room.power_levels', '')]), '2.4');
});

test('auth 2.5: auth events from another room are rejected', () => {
  assertRejected(checkAuthEvents(msg, [entry('m.room.create', ''), entry('m.room.member', ALICE, { room_id: '!x:example.org' })]), '2.5');
});

test('auth 3: with m.federate false, a sender from another server is rejected', () => {
  const room = makeRoom({ createContent: { creator: ALICE, 'm.federate': false }, joinRule: 'public' });
  assertRejected(room.check(member(EVE, 'join')), '3');
  assertAllowed(room.check(member(BOB, 'join')));
});

test('auth 3: with m.federate true, a sender from another server may join', () => {
  const room = makeRoom({ createContent: { creator: ALICE, 'm.federate': true }, joinRule: 'public' });
  assertAllowed(room.check(member(EVE, 'join')));
});

test('auth (signing): checkEventAuth does not itself mutate its input', () => {
  const room = makeRoom();
  const event = ev({ type: 'm.room.message', content: { body: 'x' } });
  const copy = structuredClone(event);
  room.check(event);
  assert.deepEqual(event, copy);
});
