import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPushRules, makeUserId } from '../src/index.ts';

const USER = makeUserId('alice', 'example.org');

test('push rules: the spec’s override rules in order', () => {
  const { global } = defaultPushRules(USER);
  assert.deepEqual(
    global.override.map((r) => r.rule_id),
    [
      '.m.rule.master',
      '.m.rule.suppress_notices',
      '.m.rule.invite_for_me',
      '.m.rule.member_event',
      '.m.rule.is_user_mention',
      '.m.rule.is_room_mention',
      '.m.rule.tombstone',
      '.m.rule.reaction',
      '.m.rule.room.server_acl',
      '.m.rule.suppress_edits',
    ],
  );
});

test('push rules: the spec’s underride rules in order', () => {
  const { global } = defaultPushRules(USER);
  assert.deepEqual(
    global.underride.map((r) => r.rule_id),
    ['.m.rule.call', '.m.rule.encrypted_room_one_to_one', '.m.rule.room_one_to_one', '.m.rule.message', '.m.rule.encrypted'],
  );
  assert.deepEqual(global.content, []);
  assert.deepEqual(global.room, []);
  assert.deepEqual(global.sender, []);
});

test('push rules: every rule is a default; only .m.rule.master is disabled', () => {
  const { global } = defaultPushRules(USER);
  for (const r of [...global.override, ...global.underride]) {
    assert.equal(r.default, true);
    assert.equal(r.enabled, r.rule_id !== '.m.rule.master', r.rule_id);
  }
});

test('push rules: definitions match the spec text', () => {
  const { global } = defaultPushRules(USER);
  const byId = new Map([...global.override, ...global.underride].map((r) => [r.rule_id, r]));
  assert.deepEqual(byId.get('.m.rule.master'), { rule_id: '.m.rule.master', default: true, enabled: false, conditions: [], actions: [] });
  assert.deepEqual(byId.get('.m.rule.invite_for_me')?.conditions, [
    { kind: 'event_match', key: 'type', pattern: 'm.room.member' },
    { kind: 'event_match', key: 'content.membership', pattern: 'invite' },
    { kind: 'event_match', key: 'state_key', pattern: USER },
  ]);
  assert.deepEqual(byId.get('.m.rule.is_user_mention'), {
    rule_id: '.m.rule.is_user_mention',
    default: true,
    enabled: true,
    conditions: [{ kind: 'event_property_contains', key: 'content.m\\.mentions.user_ids', value: USER }],
    actions: ['notify', { set_tweak: 'sound', value: 'default' }, { set_tweak: 'highlight' }],
  });
  assert.deepEqual(byId.get('.m.rule.is_room_mention')?.conditions, [
    { kind: 'event_property_is', key: 'content.m\\.mentions.room', value: true },
    { kind: 'sender_notification_permission', key: 'room' },
  ]);
  assert.deepEqual(byId.get('.m.rule.suppress_edits')?.conditions, [{ kind: 'event_property_is', key: 'content.m\\.relates_to.rel_type', value: 'm.replace' }]);
  assert.deepEqual(byId.get('.m.rule.call')?.actions, ['notify', { set_tweak: 'sound', value: 'ring' }]);
  assert.deepEqual(byId.get('.m.rule.encrypted_room_one_to_one')?.conditions, [
    { kind: 'room_member_count', is: '2' },
    { kind: 'event_match', key: 'type', pattern: 'm.room.encrypted' },
  ]);
  assert.deepEqual(byId.get('.m.rule.message'), {
    rule_id: '.m.rule.message',
    default: true,
    enabled: true,
    conditions: [{ kind: 'event_match', key: 'type', pattern: 'm.room.message' }],
    actions: ['notify'],
  });
});

test('push rules: legacy body-mention rules (removed in v1.17) are available on request', () => {
  const { global } = defaultPushRules(USER, { legacyMentionRules: true });
  const ids = global.override.map((r) => r.rule_id);
  assert.ok(ids.indexOf('.m.rule.contains_display_name') === ids.indexOf('.m.rule.is_user_mention') + 1);
  assert.ok(ids.indexOf('.m.rule.roomnotif') === ids.indexOf('.m.rule.is_room_mention') + 1);
  assert.deepEqual(global.content, [
    {
      rule_id: '.m.rule.contains_user_name',
      default: true,
      enabled: true,
      pattern: 'alice',
      actions: ['notify', { set_tweak: 'sound', value: 'default' }, { set_tweak: 'highlight' }],
    },
  ]);
});

test('push rules: each call returns fresh objects', () => {
  const a = defaultPushRules(USER);
  a.global.override[0]!.enabled = true;
  (a.global.override[2]!.actions[1] as { value?: unknown }).value = 'x';
  const b = defaultPushRules(USER);
  assert.equal(b.global.override[0]!.enabled, false);
  assert.deepEqual(b.global.override[2]!.actions[1], { set_tweak: 'sound', value: 'default' });
});
