import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_ROOM_VERSION, EventTypes, MEMBERSHIPS, SUPPORTED_ROOM_VERSIONS, authEventTypes, authStateFromEvents, isStateEvent, isSupportedRoomVersion } from '../src/index.ts';
import { ALICE, BOB, CAROL, ev, member } from './roomFactory.ts';

test('room versions: 10 and 11 are supported, 10 is the default', () => {
  assert.deepEqual([...SUPPORTED_ROOM_VERSIONS], ['10', '11']);
  assert.equal(DEFAULT_ROOM_VERSION, '10');
  assert.ok(isSupportedRoomVersion('10'));
  assert.ok(isSupportedRoomVersion('11'));
  for (const v of ['9', '12', 10, undefined, null]) assert.equal(isSupportedRoomVersion(v), false);
  assert.ok(Object.isFrozen(SUPPORTED_ROOM_VERSIONS));
});

test('events: type names and memberships', () => {
  assert.equal(EventTypes.Create, 'm.room.create');
  assert.equal(EventTypes.ThirdPartyInvite, 'm.room.third_party_invite');
  assert.equal(EventTypes.Tombstone, 'm.room.tombstone');
  assert.deepEqual([...MEMBERSHIPS], ['invite', 'join', 'knock', 'leave', 'ban']);
  assert.ok(isStateEvent({ state_key: '' }));
  assert.equal(isStateEvent({}), false);
});

test('auth events selection: m.room.create has no auth events', () => {
  assert.deepEqual(authEventTypes(ev({ type: 'm.room.create', state_key: '' })), []);
});

test('auth events selection: create, power levels and the sender’s membership for other events', () => {
  assert.deepEqual(authEventTypes(ev({ type: 'm.room.message', sender: BOB })), [
    ['m.room.create', ''],
    ['m.room.power_levels', ''],
    ['m.room.member', BOB],
  ]);
});

test('auth events selection: joins add the join rules (and the target, once)', () => {
  assert.deepEqual(authEventTypes(member(BOB, 'join')), [
    ['m.room.create', ''],
    ['m.room.power_levels', ''],
    ['m.room.member', BOB],
    ['m.room.join_rules', ''],
  ]);
});

test('auth events selection: invites and knocks add the target and the join rules; leaves and bans only the target', () => {
  assert.deepEqual(authEventTypes(member(BOB, 'invite', ALICE)).slice(2), [
    ['m.room.member', ALICE],
    ['m.room.member', BOB],
    ['m.room.join_rules', ''],
  ]);
  assert.deepEqual(authEventTypes(member(BOB, 'knock')).slice(3), [['m.room.join_rules', '']]);
  assert.deepEqual(authEventTypes(member(BOB, 'leave', ALICE)).slice(2), [
    ['m.room.member', ALICE],
    ['m.room.member', BOB],
  ]);
  assert.deepEqual(authEventTypes(member(BOB, 'ban', ALICE)).slice(2), [
    ['m.room.member', ALICE],
    ['m.room.member', BOB],
  ]);
});

test('auth events selection: third-party invites add the m.room.third_party_invite for the token', () => {
  const invite = member(BOB, 'invite', ALICE, { third_party_invite: { signed: { mxid: BOB, token: 'tok' } } });
  assert.deepEqual(authEventTypes(invite).at(-1), ['m.room.third_party_invite', 'tok']);
  const noToken = member(BOB, 'invite', ALICE, { third_party_invite: { signed: { mxid: BOB } } });
  assert.equal(authEventTypes(noToken).length, 5);
  assert.equal(authEventTypes(member(BOB, 'invite', ALICE, { third_party_invite: 'x' })).length, 5);
  assert.equal(authEventTypes(member(BOB, 'invite', ALICE, { third_party_invite: { signed: 1 } })).length, 5);
});

test('auth events selection: restricted joins add the authorising user’s membership', () => {
  assert.deepEqual(authEventTypes(member(BOB, 'join', BOB, { join_authorised_via_users_server: CAROL })).at(-1), ['m.room.member', CAROL]);
  assert.equal(authEventTypes(member(BOB, 'join', BOB, { join_authorised_via_users_server: BOB })).length, 4);
  assert.equal(authEventTypes(member(BOB, 'leave', BOB, { join_authorised_via_users_server: CAROL })).length, 3);
});

test('auth events selection: a member event without a state_key selects only the basics', () => {
  assert.equal(authEventTypes(ev({ type: 'm.room.member', content: { membership: 'join' } })).length, 3);
});

test('authStateFromEvents: later events win; non-state events are ignored', () => {
  const lookup = authStateFromEvents([member(BOB, 'invite', ALICE), member(BOB, 'join'), ev({ type: 'm.room.message' })]);
  assert.equal(lookup('m.room.member', BOB)?.content['membership'], 'join');
  assert.equal(lookup('m.room.message', ''), undefined);
  assert.equal(lookup('m.room.member', ALICE), undefined);
});
