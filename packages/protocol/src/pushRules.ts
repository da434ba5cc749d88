/**
 * The server-default push rules (content/client-server-api/modules/push.md,
 * "Predefined Rules"), in the spec's order.
 */
import type { UserId } from './ids.ts';
import { localpartOf } from './ids.ts';

export type PushCondition =
  | { kind: 'event_match'; key: string; pattern: string }
  | { kind: 'event_property_is'; key: string; value: string | number | boolean | null }
  | { kind: 'event_property_contains'; key: string; value: string | number | boolean | null }
  | { kind: 'contains_display_name' }
  | { kind: 'room_member_count'; is: string }
  | { kind: 'sender_notification_permission'; key: string };

export type PushAction = 'notify' | 'dont_notify' | 'coalesce' | { set_tweak: string; value?: unknown };

export interface PushRule {
  rule_id: string;
  default: boolean;
  enabled: boolean;
  actions: PushAction[];
  conditions?: PushCondition[];
  pattern?: string;
}

export interface PushRuleset {
  override: PushRule[];
  content: PushRule[];
  room: PushRule[];
  sender: PushRule[];
  underride: PushRule[];
}

export interface DefaultPushRulesOptions {
  /**
   * Also include the rules removed in spec v1.17 that match mentions in
   * `content.body`: `.m.rule.contains_display_name` and `.m.rule.roomnotif`
   * (override) and `.m.rule.contains_user_name` (content), at their former
   * positions. Off by default.
   */
  legacyMentionRules?: boolean;
}

const SOUND_DEFAULT = { set_tweak: 'sound', value: 'default' } as const;
const HIGHLIGHT = { set_tweak: 'highlight' } as const;

const rule = (rule_id: string, conditions: PushCondition[], actions: PushAction[], enabled = true): PushRule => ({
  rule_id,
  default: true,
  enabled,
  conditions,
  actions,
});

const typeIs = (pattern: string): PushCondition => ({ kind: 'event_match', key: 'type', pattern });

/** The predefined rules for `userId` (a fresh object each call). */
export function defaultPushRules(userId: UserId, options: DefaultPushRulesOptions = {}): { global: PushRuleset } {
  const legacy = options.legacyMentionRules === true;
  const override: PushRule[] = [
    rule('.m.rule.master', [], [], false),
    rule('.m.rule.suppress_notices', [{ kind: 'event_match', key: 'content.msgtype', pattern: 'm.notice' }], []),
    rule(
      '.m.rule.invite_for_me',
      [typeIs('m.room.member'), { kind: 'event_match', key: 'content.membership', pattern: 'invite' }, { kind: 'event_match', key: 'state_key', pattern: userId }],
      ['notify', { ...SOUND_DEFAULT }],
    ),
    rule('.m.rule.member_event', [typeIs('m.room.member')], []),
    rule('.m.rule.is_user_mention', [{ kind: 'event_property_contains', key: 'content.m\\.mentions.user_ids', value: userId }], ['notify', { ...SOUND_DEFAULT }, { ...HIGHLIGHT }]),
    ...(legacy ? [rule('.m.rule.contains_display_name', [{ kind: 'contains_display_name' }], ['notify', { ...SOUND_DEFAULT }, { ...HIGHLIGHT }])] : []),
    rule(
      '.m.rule.is_room_mention',
      [
        { kind: 'event_property_is', key: 'content.m\\.mentions.room', value: true },
        { kind: 'sender_notification_permission', key: 'room' },
      ],
      ['notify', { ...HIGHLIGHT }],
    ),
    ...(legacy
      ? [
          rule(
            '.m.rule.roomnotif',
            [
              { kind: 'event_match', key: 'content.body', pattern: '@room' },
              { kind: 'sender_notification_permission', key: 'room' },
            ],
            ['notify', { ...HIGHLIGHT }],
          ),
        ]
      : []),
    rule('.m.rule.tombstone', [typeIs('m.room.tombstone'), { kind: 'event_match', key: 'state_key', pattern: '' }], ['notify', { ...HIGHLIGHT }]),
    rule('.m.rule.reaction', [typeIs('m.reaction')], []),
    rule('.m.rule.room.server_acl', [typeIs('m.room.server_acl'), { kind: 'event_match', key: 'state_key', pattern: '' }], []),
    rule('.m.rule.suppress_edits', [{ kind: 'event_property_is', key: 'content.m\\.relates_to.rel_type', value: 'm.replace' }], []),
  ];
  const content: PushRule[] = legacy
    ? [{ rule_id: '.m.rule.contains_user_name', default: true, enabled: true, pattern: localpartOf(userId), actions: ['notify', { ...SOUND_DEFAULT }, { ...HIGHLIGHT }] }]
    : [];
  const underride: PushRule[] = [
    rule('.m.rule.call', [typeIs('m.call.invite')], ['notify', { set_tweak: 'sound', value: 'ring' }]),
    rule('.m.rule.encrypted_room_one_to_one', [{ kind: 'room_member_count', is: '2' }, typeIs('m.room.encrypted')], ['notify', { ...SOUND_DEFAULT }]),
    rule('.m.rule.room_one_to_one', [{ kind: 'room_member_count', is: '2' }, typeIs('m.room.message')], ['notify', { ...SOUND_DEFAULT }]),
    rule('.m.rule.message', [typeIs('m.room.message')], ['notify']),
    rule('.m.rule.encrypted', [typeIs('m.room.encrypted')], ['notify']),
  ];
  return { global: { override, content, room: [], sender: [], underride } };
}
