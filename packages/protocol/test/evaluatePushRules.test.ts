import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaultPushRules,
  evaluatePushRules,
  findAtWordBoundaries,
  memberCountMatches,
  propertyAt,
  conditionMatches,
  type PushContext,
  type PushEvent,
  type UserId,
} from '../src/index.ts';

const ME = '@me:example.org' as UserId;
const ctx = (over: Partial<PushContext> = {}): PushContext => ({
  userId: ME,
  displayName: 'Mia',
  memberCount: 3,
  senderPowerLevel: 0,
  notificationPowerLevel: () => 50,
  ...over,
});
const ev = (type: string, content: Record<string, unknown>, extra: Record<string, unknown> = {}): PushEvent => ({
  type,
  content,
  sender: '@bob:example.org',
  room_id: '!r:example.org',
  event_id: '$e',
  ...extra,
});
const decide = (event: PushEvent, c: PushContext = ctx()) => evaluatePushRules(defaultPushRules(ME).global, event, c);

test('event_match: the whole value, case-insensitively, with * and ?', () => {
  const cond = { kind: 'event_match', key: 'content.topic', pattern: 'lunc?*' } as const;
  assert.ok(conditionMatches(cond, ev('m.room.topic', { topic: 'Lunch plans' }), ctx()));
  assert.ok(conditionMatches(cond, ev('m.room.topic', { topic: 'LUNCH' }), ctx()));
  assert.ok(!conditionMatches(cond, ev('m.room.topic', { topic: ' lunch' }), ctx()));
  assert.ok(!conditionMatches(cond, ev('m.room.topic', { topic: 'lunc' }), ctx()));
  assert.ok(!conditionMatches(cond, ev('m.room.topic', { topic: null }), ctx()));
  assert.ok(!conditionMatches({ kind: 'event_match', key: 'content.topic', pattern: '*' }, ev('m.room.topic', {}), ctx()));
});

test('event_match on content.body: a substring between word boundaries', () => {
  assert.ok(findAtWordBoundaries('ex*ple', 'An example event.'));
  assert.ok(findAtWordBoundaries('ex*ple', 'exple'));
  assert.ok(findAtWordBoundaries('ex*ple', 'An exciting triple-whammy'));
  assert.ok(!findAtWordBoundaries('ex*ple', 'An examples event'));
  assert.ok(!findAtWordBoundaries('tea', 'steam'));
  assert.ok(findAtWordBoundaries('tea', 'time for TEA!'));
  assert.ok(findAtWordBoundaries('@room', 'hey @room look'));
  assert.ok(!findAtWordBoundaries('a?c', 'abbc'));
  const cond = { kind: 'event_match', key: 'content.body', pattern: 'coffee' } as const;
  assert.ok(conditionMatches(cond, ev('m.room.message', { body: 'Coffee, anyone?' }), ctx()));
  assert.ok(!conditionMatches(cond, ev('m.room.message', { body: 'coffees' }), ctx()));
});

test('body matching is linear: no backtracking on hostile patterns', () => {
  const started = Date.now();
  assert.ok(!findAtWordBoundaries('a*a*a*a*a*a*a*a*b', 'a'.repeat(60_000)));
  assert.ok(Date.now() - started < 2000);
});

test('dot-separated paths: \\. is a literal dot, \\\\ a backslash', () => {
  const e = { content: { 'm.relates_to': { rel_type: 'm.thread' }, 'a\\b': 1, m: { relates_to: 2 } } };
  assert.equal(propertyAt(e, 'content.m\\.relates_to.rel_type'), 'm.thread');
  assert.equal(propertyAt(e, 'content.m.relates_to'), 2);
  assert.equal(propertyAt(e, 'content.a\\\\b'), 1);
  assert.equal(propertyAt(e, 'content.missing.x'), undefined);
});

test('event_property_is: exact scalar values, no casting', () => {
  const cond = { kind: 'event_property_is', key: 'content.m\\.federate', value: true } as const;
  assert.ok(conditionMatches(cond, ev('m.room.create', { 'm.federate': true }), ctx()));
  assert.ok(!conditionMatches(cond, ev('m.room.create', { 'm.federate': 'true' }), ctx()));
  assert.ok(!conditionMatches(cond, ev('m.room.create', { 'm.federate': 1 }), ctx()));
  assert.ok(conditionMatches({ kind: 'event_property_is', key: 'content.x', value: null }, ev('t', { x: null }), ctx()));
  assert.ok(!conditionMatches({ kind: 'event_property_is', key: 'content.x', value: null }, ev('t', {}), ctx()));
});

test('event_property_contains: an array holding the exact value', () => {
  const cond = { kind: 'event_property_contains', key: 'content.alt_aliases', value: '#myroom:example.com' } as const;
  assert.ok(conditionMatches(cond, ev('m.room.canonical_alias', { alt_aliases: ['#a:x', '#myroom:example.com'] }), ctx()));
  assert.ok(!conditionMatches(cond, ev('m.room.canonical_alias', { alt_aliases: [':example.com'] }), ctx()));
  assert.ok(!conditionMatches(cond, ev('m.room.canonical_alias', { alt_aliases: '#myroom:example.com' }), ctx()));
});

test('contains_display_name: the name between word boundaries in the body', () => {
  const cond = { kind: 'contains_display_name' } as const;
  assert.ok(conditionMatches(cond, ev('m.room.message', { body: 'hi mia!' }), ctx()));
  assert.ok(!conditionMatches(cond, ev('m.room.message', { body: 'hi miami' }), ctx()));
  assert.ok(!conditionMatches(cond, ev('m.room.message', { body: 'hi mia' }), ctx({ displayName: null })));
  assert.ok(conditionMatches(cond, ev('m.room.message', { body: 'ask *star* now' }), ctx({ displayName: '*star*' })));
  assert.ok(!conditionMatches(cond, ev('m.room.message', { body: 'ask xstarx now' }), ctx({ displayName: '*star*' })));
});

test('room_member_count: ==, <, >, <=, >= and a bare number', () => {
  assert.ok(memberCountMatches('2', 2));
  assert.ok(memberCountMatches('==2', 2));
  assert.ok(!memberCountMatches('2', 3));
  assert.ok(memberCountMatches('<3', 2) && !memberCountMatches('<3', 3));
  assert.ok(memberCountMatches('>3', 4) && !memberCountMatches('>3', 3));
  assert.ok(memberCountMatches('<=3', 3) && !memberCountMatches('<=3', 4));
  assert.ok(memberCountMatches('>=3', 3) && !memberCountMatches('>=3', 2));
  assert.ok(!memberCountMatches('=2', 2) && !memberCountMatches('two', 2));
});

test('sender_notification_permission and an unknown condition', () => {
  const cond = { kind: 'sender_notification_permission', key: 'room' } as const;
  assert.ok(!conditionMatches(cond, ev('m.room.message', {}), ctx({ senderPowerLevel: 49 })));
  assert.ok(conditionMatches(cond, ev('m.room.message', {}), ctx({ senderPowerLevel: 50 })));
  assert.ok(!conditionMatches({ kind: 'mystery' } as never, ev('m.room.message', {}), ctx()));
});

test('default rules: messages, one-to-one rooms, encrypted, notices, members, reactions, edits', () => {
  assert.deepEqual(decide(ev('m.room.message', { msgtype: 'm.text', body: 'hi' }))?.ruleId, '.m.rule.message');
  assert.deepEqual(decide(ev('m.room.message', { msgtype: 'm.text', body: 'hi' }))?.actions, ['notify']);
  const dm = decide(ev('m.room.message', { msgtype: 'm.text', body: 'hi' }), ctx({ memberCount: 2 }));
  assert.equal(dm?.ruleId, '.m.rule.room_one_to_one');
  assert.ok(dm?.notify && !dm.highlight);
  assert.equal(decide(ev('m.room.encrypted', {}), ctx({ memberCount: 2 }))?.ruleId, '.m.rule.encrypted_room_one_to_one');
  assert.equal(decide(ev('m.room.encrypted', {}))?.ruleId, '.m.rule.encrypted');
  const notice = decide(ev('m.room.message', { msgtype: 'm.notice', body: 'bot' }));
  assert.equal(notice?.ruleId, '.m.rule.suppress_notices');
  assert.equal(notice?.notify, false);
  assert.equal(decide(ev('m.room.member', { membership: 'join' }, { state_key: '@x:example.org' }))?.ruleId, '.m.rule.member_event');
  const invite = decide(ev('m.room.member', { membership: 'invite' }, { state_key: ME }));
  assert.equal(invite?.ruleId, '.m.rule.invite_for_me');
  assert.ok(invite?.notify);
  assert.equal(decide(ev('m.reaction', {}))?.notify, false);
  assert.equal(decide(ev('m.room.message', { body: '* x', 'm.relates_to': { rel_type: 'm.replace', event_id: '$a' } }))?.ruleId, '.m.rule.suppress_edits');
  assert.equal(decide(ev('m.room.tombstone', {}, { state_key: '' }))?.ruleId, '.m.rule.tombstone');
  assert.equal(decide(ev('m.room.tombstone', {}, { state_key: '' }))?.highlight, true);
  assert.equal(decide(ev('m.room.server_acl', {}, { state_key: '' }))?.ruleId, '.m.rule.room.server_acl');
  assert.equal(decide(ev('m.call.invite', {}))?.ruleId, '.m.rule.call');
  assert.equal(decide(ev('m.room.topic', { topic: 'x' }, { state_key: '' })), null);
});

test('default rules: user and room mentions through m.mentions', () => {
  const mention = decide(ev('m.room.message', { body: 'hey', 'm.mentions': { user_ids: [ME] } }));
  assert.equal(mention?.ruleId, '.m.rule.is_user_mention');
  assert.ok(mention?.notify && mention.highlight);
  const other = decide(ev('m.room.message', { body: 'hey', 'm.mentions': { user_ids: ['@x:example.org'] } }));
  assert.equal(other?.ruleId, '.m.rule.message');
  const room = ev('m.room.message', { body: '@room', 'm.mentions': { room: true } });
  assert.equal(decide(room)?.ruleId, '.m.rule.message', 'sender below notifications.room');
  assert.equal(decide(room, ctx({ senderPowerLevel: 50 }))?.ruleId, '.m.rule.is_room_mention');
  assert.equal(decide(room, ctx({ senderPowerLevel: 50 }))?.highlight, true);
});

test('legacy body rules are skipped when the event has m.mentions', () => {
  const rules = defaultPushRules(ME, { legacyMentionRules: true }).global;
  assert.equal(evaluatePushRules(rules, ev('m.room.message', { body: 'hi mia' }), ctx())?.ruleId, '.m.rule.contains_display_name');
  assert.equal(evaluatePushRules(rules, ev('m.room.message', { body: 'hi mia', 'm.mentions': {} }), ctx())?.ruleId, '.m.rule.message');
  assert.equal(evaluatePushRules(rules, ev('m.room.message', { body: 'ping me now' }), ctx({ displayName: null }))?.ruleId, '.m.rule.contains_user_name');
});

test('kinds in order, disabled rules skipped, room and sender rules, historical actions stripped', () => {
  const rules = defaultPushRules(ME).global;
  rules.content.push({ rule_id: 'coffee', default: false, enabled: true, pattern: 'coffee', actions: ['notify', { set_tweak: 'highlight', value: false }] });
  rules.room.push({ rule_id: '!quiet:example.org', default: false, enabled: true, actions: ['dont_notify'] });
  rules.sender.push({ rule_id: '@boss:example.org', default: false, enabled: true, actions: ['notify', { set_tweak: 'highlight' }] });
  const coffee = evaluatePushRules(rules, ev('m.room.message', { body: 'coffee?' }, { room_id: '!quiet:example.org' }), ctx());
  assert.equal(coffee?.ruleId, 'coffee');
  assert.equal(coffee?.highlight, false);
  const quiet = evaluatePushRules(rules, ev('m.room.message', { body: 'hi' }, { room_id: '!quiet:example.org' }), ctx());
  assert.deepEqual([quiet?.ruleId, quiet?.actions, quiet?.notify], ['!quiet:example.org', [], false]);
  assert.equal(evaluatePushRules(rules, ev('m.room.message', { body: 'hi' }, { sender: '@boss:example.org' }), ctx())?.highlight, true);
  rules.override[0]!.enabled = true; // .m.rule.master
  assert.deepEqual(evaluatePushRules(rules, ev('m.room.message', { body: 'hi' }), ctx())?.ruleId, '.m.rule.master');
  rules.override[0]!.enabled = false;
  for (const r of rules.underride) r.enabled = false;
  assert.equal(evaluatePushRules(rules, ev('m.room.message', { body: 'hi' }), ctx()), null);
});
