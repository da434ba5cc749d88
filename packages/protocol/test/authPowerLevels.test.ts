import { test } from 'node:test';
import { ALICE, BOB, CAROL, DAVE, assertAllowed, assertRejected, makeRoom, state } from './roomFactory.ts';

const pl = (content: Record<string, unknown>, sender = ALICE) => state('m.room.power_levels', '', content, sender);
const members = { [ALICE]: 'join', [BOB]: 'join', [CAROL]: 'join' };
const base = {
  users: { [ALICE]: 100, [BOB]: 50, [CAROL]: 10 },
  users_default: 0,
  events_default: 0,
  state_default: 50,
  ban: 50,
  kick: 50,
  redact: 50,
  invite: 0,
  events: { 'm.room.name': 50, 'm.room.power_levels': 50, 'm.room.tombstone': 100 },
  notifications: { room: 50 },
};
const room = (version: '10' | '11' = '10') => makeRoom({ version, members, powerLevels: base });

for (const version of ['10', '11'] as const) {
  for (const key of ['users_default', 'events_default', 'state_default', 'ban', 'redact', 'kick', 'invite']) {
    test(`auth 9.1 (v${version}): a non-integer ${key} is rejected`, () => {
      assertRejected(room(version).check(pl({ ...base, [key]: '50' })), '9.1');
      assertRejected(room(version).check(pl({ ...base, [key]: 50.5 })), '9.1');
      assertRejected(room(version).check(pl({ ...base, [key]: null })), '9.1');
    });
  }
  for (const key of ['events', 'notifications']) {
    test(`auth 9.2 (v${version}): ${key} must be an object with integer values`, () => {
      assertRejected(room(version).check(pl({ ...base, [key]: { x: '50' } })), '9.2');
      assertRejected(room(version).check(pl({ ...base, [key]: { x: 1.5 } })), '9.2');
      assertRejected(room(version).check(pl({ ...base, [key]: [] })), '9.2');
      assertRejected(room(version).check(pl({ ...base, [key]: 5 })), '9.2');
    });
  }
  test(`auth 9.3 (v${version}): users must map valid user IDs to integers`, () => {
    assertRejected(room(version).check(pl({ ...base, users: { [ALICE]: 100, notauser: 1 } })), '9.3');
    assertRejected(room(version).check(pl({ ...base, users: { [ALICE]: '100' } })), '9.3');
    assertRejected(room(version).check(pl({ ...base, users: { [ALICE]: 100, [BOB]: 1.5 } })), '9.3');
    assertRejected(room(version).check(pl({ ...base, users: [ALICE] })), '9.3');
    assertRejected(room(version).check(pl({ ...base, users: null })), '9.3');
  });
}

test('auth 9.4: the first power levels event is allowed', () => {
  const r = makeRoom({ members, powerLevels: null });
  assertAllowed(r.check(pl({ users: { [ALICE]: 100, [BOB]: 1000 }, ban: 1000 })));
  assertAllowed(r.check(pl({})));
});

test('auth 9.5.1: a top-level level above the sender cannot be changed or removed', () => {
  const r = makeRoom({ members, powerLevels: { ...base, users: { [ALICE]: 100, [BOB]: 60 }, events: { 'm.room.power_levels': 0 }, ban: 70 } });
  assertRejected(r.check(pl({ ...base, users: { [ALICE]: 100, [BOB]: 60 }, events: { 'm.room.power_levels': 0 }, ban: 60 }, BOB)), '9.5.1');
  const { ban: _ban, ...withoutBan } = { ...base, users: { [ALICE]: 100, [BOB]: 60 }, events: { 'm.room.power_levels': 0 }, ban: 70 };
  assertRejected(r.check(pl(withoutBan, BOB)), '9.5.1');
});

test('auth 9.5.2: a top-level level cannot be set above the sender', () => {
  assertRejected(room().check(pl({ ...base, kick: 60 }, BOB)), '9.5.2');
  assertRejected(room().check(pl({ ...base, state_default: 51 }, BOB)), '9.5.2');
});

test('auth 9.5: top-level levels up to the sender’s own may be added, changed or removed', () => {
  assertAllowed(room().check(pl({ ...base, kick: 40 }, BOB)));
  assertAllowed(room().check(pl({ ...base, kick: 50, ban: 50 }, BOB)));
  const { invite: _i, ...noInvite } = base;
  assertAllowed(room().check(pl(noInvite, BOB)));
  assertAllowed(room().check(pl({ ...base, redact: 100 }, ALICE)));
});

test('auth 9.6.1: an events/notifications entry above the sender cannot be changed or removed', () => {
  assertRejected(room().check(pl({ ...base, events: { ...base.events, 'm.room.tombstone': 50 } }, BOB)), '9.6.1');
  const { 'm.room.tombstone': _t, ...events } = base.events;
  assertRejected(room().check(pl({ ...base, events }, BOB)), '9.6.1');
  const r = makeRoom({ members, powerLevels: { ...base, notifications: { room: 80 } } });
  assertRejected(r.check(pl({ ...base, notifications: {} }, BOB)), '9.6.1');
  assertRejected(r.check(pl({ ...base, notifications: undefined }, BOB)), '9.6.1');
});

test('auth 9.7.1: an events/notifications entry cannot be added or changed above the sender', () => {
  assertRejected(room().check(pl({ ...base, events: { ...base.events, 'org.example': 51 } }, BOB)), '9.7.1');
  assertRejected(room().check(pl({ ...base, events: { ...base.events, 'm.room.name': 60 } }, BOB)), '9.7.1');
  assertRejected(room().check(pl({ ...base, notifications: { room: 51 } }, BOB)), '9.7.1');
});

test('auth 9.6/9.7: events and notifications entries within the sender’s level may change', () => {
  assertAllowed(room().check(pl({ ...base, events: { ...base.events, 'org.example': 50, 'm.room.name': 0 } }, BOB)));
  assertAllowed(room().check(pl({ ...base, notifications: { room: 20, other: 50 } }, BOB)));
});

test('auth 9.8.1: another user’s entry at or above the sender’s level cannot be changed or removed', () => {
  const r = makeRoom({ members, powerLevels: { ...base, users: { [ALICE]: 100, [BOB]: 50, [CAROL]: 50 } } });
  assertRejected(r.check(pl({ ...base, users: { [ALICE]: 100, [BOB]: 50, [CAROL]: 0 } }, BOB)), '9.8.1');
  assertRejected(r.check(pl({ ...base, users: { [ALICE]: 100, [BOB]: 50 } }, BOB)), '9.8.1');
  assertRejected(r.check(pl({ ...base, users: { [ALICE]: 40, [BOB]: 50, [CAROL]: 50 } }, BOB)), '9.8.1');
});

test('auth 9.8: the sender may lower or remove their own entry', () => {
  assertAllowed(room().check(pl({ ...base, users: { [ALICE]: 100, [BOB]: 10, [CAROL]: 10 } }, BOB)));
  assertAllowed(room().check(pl({ ...base, users: { [ALICE]: 100, [CAROL]: 10 } }, BOB)));
  assertAllowed(room().check(pl({ ...base, users: { [ALICE]: 50, [BOB]: 50, [CAROL]: 10 } }, ALICE)));
});

test('auth 9.9.1: a user entry cannot be added or raised above the sender’s level', () => {
  assertRejected(room().check(pl({ ...base, users: { ...base.users, [DAVE]: 51 } }, BOB)), '9.9.1');
  assertRejected(room().check(pl({ ...base, users: { ...base.users, [CAROL]: 60 } }, BOB)), '9.9.1');
  assertRejected(room().check(pl({ ...base, users: { ...base.users, [BOB]: 60 } }, BOB)), '9.9.1');
});

test('auth 9.10: changes within the sender’s power are allowed', () => {
  assertAllowed(room().check(pl({ ...base, users: { ...base.users, [DAVE]: 50, [CAROL]: 50 } }, BOB)));
  assertAllowed(room().check(pl(base, BOB)));
  assertAllowed(room().check(pl({ ...base, users: undefined, events: undefined, notifications: undefined }, ALICE)));
});

test('auth 7 (power levels): the sender needs the level to send m.room.power_levels at all', () => {
  assertRejected(room().check(pl({ ...base }, CAROL)), '7');
});

test('auth 9 (v11): the same power level rules apply in room version 11', () => {
  assertRejected(room('11').check(pl({ ...base, kick: 60 }, BOB)), '9.5.2');
  assertAllowed(room('11').check(pl({ ...base, kick: 40 }, BOB)));
});
