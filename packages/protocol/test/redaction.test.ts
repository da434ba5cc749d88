import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redactEvent, type Pdu, type RoomVersion } from '../src/index.ts';

const TOP_LEVEL: Record<string, unknown> = {
  event_id: '$e',
  type: 'm.room.message',
  room_id: '!r:example.org',
  sender: '@a:example.org',
  state_key: '',
  content: { body: 'x' },
  hashes: { sha256: 'h' },
  signatures: { 'example.org': { 'ed25519:1': 's' } },
  depth: 5,
  prev_events: ['$p'],
  prev_state: [],
  auth_events: ['$a'],
  origin: 'example.org',
  origin_server_ts: 123,
  membership: 'join',
  unsigned: { age: 1 },
  redacts: '$r',
  custom: 'x',
  age_ts: 1,
};

const KEPT_TOP: Record<RoomVersion, string[]> = {
  '10': [
    'event_id',
    'type',
    'room_id',
    'sender',
    'state_key',
    'content',
    'hashes',
    'signatures',
    'depth',
    'prev_events',
    'prev_state',
    'auth_events',
    'origin',
    'origin_server_ts',
    'membership',
  ],
  '11': ['event_id', 'type', 'room_id', 'sender', 'state_key', 'content', 'hashes', 'signatures', 'depth', 'prev_events', 'auth_events', 'origin_server_ts'],
};

for (const version of ['10', '11'] as const) {
  const redacted = redactEvent(TOP_LEVEL, version);
  for (const key of Object.keys(TOP_LEVEL)) {
    const kept = KEPT_TOP[version].includes(key);
    test(`redaction v${version}: top-level ${key} is ${kept ? 'kept' : 'stripped'}`, () => {
      if (kept && key !== 'content') assert.deepEqual(redacted[key], TOP_LEVEL[key]);
      else if (!kept) assert.equal(key in redacted, false);
      else assert.deepEqual(redacted['content'], {});
    });
  }
}

type ContentCase = [type: string, content: Record<string, unknown>, kept: Record<RoomVersion, string[]>];
const both = (keys: string[]): Record<RoomVersion, string[]> => ({ '10': keys, '11': keys });

const CONTENT_CASES: ContentCase[] = [
  [
    'm.room.member',
    { membership: 'join', join_authorised_via_users_server: '@b:example.org', displayname: 'A', avatar_url: 'mxc://x/y', reason: 'r' },
    both(['membership', 'join_authorised_via_users_server']),
  ],
  [
    'm.room.create',
    { creator: '@a:example.org', room_version: '10', 'm.federate': true, predecessor: { room_id: '!o:x' }, type: 'm.space' },
    { '10': ['creator'], '11': ['creator', 'room_version', 'm.federate', 'predecessor', 'type'] },
  ],
  ['m.room.join_rules', { join_rule: 'restricted', allow: [{ type: 'm.room_membership', room_id: '!s:x' }], other: 1 }, both(['join_rule', 'allow'])],
  [
    'm.room.power_levels',
    {
      ban: 50,
      events: { 'm.room.name': 50 },
      events_default: 0,
      invite: 0,
      kick: 50,
      redact: 50,
      state_default: 50,
      users: { '@a:x': 100 },
      users_default: 0,
      notifications: { room: 50 },
    },
    {
      '10': ['ban', 'events', 'events_default', 'kick', 'redact', 'state_default', 'users', 'users_default'],
      '11': ['ban', 'events', 'events_default', 'invite', 'kick', 'redact', 'state_default', 'users', 'users_default'],
    },
  ],
  ['m.room.history_visibility', { history_visibility: 'shared', other: 1 }, both(['history_visibility'])],
  ['m.room.redaction', { redacts: '$x', reason: 'spam' }, { '10': [], '11': ['redacts'] }],
  ['m.room.name', { name: 'Room' }, both([])],
  ['m.room.topic', { topic: 'T' }, both([])],
  ['m.room.guest_access', { guest_access: 'can_join' }, both([])],
  ['m.room.message', { body: 'hello', msgtype: 'm.text' }, both([])],
];

for (const version of ['10', '11'] as const) {
  for (const [type, content, kept] of CONTENT_CASES) {
    for (const key of Object.keys(content)) {
      const keep = kept[version].includes(key);
      test(`redaction v${version}: ${type} content.${key} is ${keep ? 'kept' : 'stripped'}`, () => {
        const out = redactEvent({ type, content, room_id: '!r:x', sender: '@a:x' }, version);
        if (keep) assert.deepEqual(out.content[key], content[key]);
        else assert.equal(key in out.content, false);
      });
    }
  }
}

const tpiMember = {
  type: 'm.room.member',
  state_key: '@b:x',
  sender: '@a:x',
  room_id: '!r:x',
  content: { membership: 'invite', third_party_invite: { display_name: 'b…', signed: { mxid: '@b:x', token: 't', signatures: {} } } },
};

test('redaction v10: m.room.member content.third_party_invite is stripped', () => {
  assert.deepEqual(redactEvent(tpiMember, '10').content, { membership: 'invite' });
});

test('redaction v11: m.room.member content.third_party_invite keeps only signed', () => {
  assert.deepEqual(redactEvent(tpiMember, '11').content, { membership: 'invite', third_party_invite: { signed: { mxid: '@b:x', token: 't', signatures: {} } } });
});

test('redaction v11: a third_party_invite without signed (or not an object) is stripped', () => {
  const noSigned = { ...tpiMember, content: { membership: 'invite', third_party_invite: { display_name: 'x' } } };
  assert.deepEqual(redactEvent(noSigned, '11').content, { membership: 'invite' });
  const notObject = { ...tpiMember, content: { membership: 'invite', third_party_invite: 'x' } };
  assert.deepEqual(redactEvent(notObject, '11').content, { membership: 'invite' });
});

test('redaction: content is always present and an object', () => {
  assert.deepEqual(redactEvent({ type: 'm.room.message' }, '10'), { type: 'm.room.message', content: {} });
  assert.deepEqual(redactEvent({ type: 'm.room.member', content: ['x'] }, '11').content, {});
  assert.deepEqual(redactEvent({ type: 'm.room.create', content: null }, '11').content, {});
  assert.deepEqual(redactEvent({ type: 42, content: { a: 1 } }, '10').content, {});
});

test('redaction: keys absent from the input stay absent', () => {
  assert.deepEqual(redactEvent({ type: 'm.room.power_levels', content: { ban: 50 } }, '11'), { type: 'm.room.power_levels', content: { ban: 50 } });
});

test('redaction: works on a Pdu and on a client-format event, without mutating them', () => {
  const pdu: Pdu = {
    room_id: '!r:x',
    type: 'm.room.message',
    sender: '@a:x',
    origin_server_ts: 1,
    content: { body: 'secret' },
    hashes: { sha256: 'h' },
    signatures: {},
    auth_events: [],
    prev_events: [],
    depth: 2,
    unsigned: { age: 1 },
  };
  const copy = structuredClone(pdu);
  const out: Pdu = redactEvent(pdu, '10');
  assert.deepEqual(pdu, copy);
  assert.deepEqual(out.content, {});
  assert.equal(out.unsigned, undefined);
  const client = {
    event_id: '$e',
    room_id: '!r:x',
    type: 'm.room.message',
    sender: '@a:x',
    origin_server_ts: 1,
    content: { body: 'secret' },
    unsigned: { age: 4, transaction_id: 't' },
  };
  assert.deepEqual(redactEvent(client, '11'), { event_id: '$e', room_id: '!r:x', type: 'm.room.message', sender: '@a:x', origin_server_ts: 1, content: {} });
});

test('redaction: returned content objects are fresh copies (v11 create)', () => {
  const create = { type: 'm.room.create', content: { room_version: '11' } };
  const out = redactEvent(create, '11');
  assert.notEqual(out.content, create.content);
  assert.deepEqual(out.content, create.content);
});
