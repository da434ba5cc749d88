import { test } from 'node:test';
import assert from 'node:assert/strict';
import { audienceOf, type AudienceSource } from '../../apps/server/src/feed/audienceOf.ts';
import { wakeNotifier } from '../../apps/server/src/feed/wakeNotifier.ts';
import type { StreamChange } from '../../apps/server/src/feed/StreamChange.ts';
import { Notifier, type ChangeKind } from '../../apps/server/src/sync/Notifier.ts';

/** Room !r has joined members @a and @b; @a shares rooms with @b and @c. Counts the reads. */
function source(): AudienceSource & { reads: string[] } {
  const reads: string[] = [];
  return {
    reads,
    joinedMembers: async (roomId) => {
      reads.push(`members ${roomId}`);
      return roomId === '!r' ? ['@a', '@b'] : [];
    },
    usersSharingRoomsWith: async (userId) => {
      reads.push(`sharing ${userId}`);
      return userId === '@a' ? ['@a', '@b', '@c'] : [];
    },
  };
}

const event = { roomId: '!r', eventId: '$e', stream: 7, sender: '@a' };

/** The table in audienceOf.ts, one row per kind of change. */
const CASES: Array<[StreamChange, string[]]> = [
  [{ kind: 'room_event', ...event, type: 'm.room.message' }, ['@a', '@b']],
  [{ kind: 'state', ...event, type: 'm.room.name', stateKey: '' }, ['@a', '@b']],
  [{ kind: 'membership', ...event, userId: '@k', membership: 'leave' }, ['@a', '@b', '@k']],
  [{ kind: 'membership', ...event, userId: '@b', membership: 'join' }, ['@a', '@b']],
  [{ kind: 'room_forgotten', roomId: '!r', userId: '@z' }, ['@z']],
  [{ kind: 'account_data', userId: '@z', roomId: null, type: 'm.push_rules' }, ['@z']],
  [{ kind: 'receipt', roomId: '!r', userId: '@z', receiptType: 'm.read', eventId: '$e', threadId: '' }, ['@a', '@b', '@z']],
  [{ kind: 'receipt', roomId: '!r', userId: '@a', receiptType: 'm.read.private', eventId: '$e', threadId: '' }, ['@a']],
  [{ kind: 'typing', roomId: '!r' }, ['@a', '@b']],
  [{ kind: 'to_device', sender: '@a', type: 'm.room_key', recipients: ['@x', '@y'] }, ['@x', '@y']],
  [{ kind: 'device_list', userId: '@a' }, ['@a', '@b', '@c']],
  [{ kind: 'device_list', userId: '@lonely' }, ['@lonely']],
  [{ kind: 'keys', userId: '@a' }, ['@a']],
  [{ kind: 'presence', userId: '@a' }, ['@a', '@b', '@c']],
  [{ kind: 'presence', userId: '@lonely' }, ['@lonely']],
  [{ kind: 'push_actions', roomId: '!r', eventId: '$e', stream: 7, userIds: ['@b', '@q'] }, ['@b', '@q']],
];

for (const [change, expected] of CASES) {
  test(`audience of ${change.kind} ${JSON.stringify(change).slice(0, 80)}`, async () => {
    const audience = await audienceOf(change, source());
    assert.deepEqual([...audience].sort(), expected);
    assert.equal(new Set(audience).size, audience.length, 'each user once');
  });
}

test('audiences that need no database read none', async () => {
  for (const [change] of CASES) {
    const s = source();
    await audienceOf(change, s);
    const expectedReads =
      ['room_forgotten', 'account_data', 'to_device', 'keys', 'push_actions'].includes(change.kind) || (change.kind === 'receipt' && change.receiptType === 'm.read.private')
        ? 0
        : 1;
    assert.equal(s.reads.length, expectedReads, change.kind);
  }
});

test('the notifier subscriber flags only the sync kinds each change touches, one notify per set of kinds', () => {
  const notifier = new Notifier();
  const calls: Array<{ position: number; users: string[]; kinds: readonly ChangeKind[] }> = [];
  notifier.notify = (position, users, kinds = []) => void calls.push({ position, users: [...users].sort(), kinds });
  const subscriber = wakeNotifier(notifier);
  // A new room: state for the creator, membership for the creator and an invitee.
  subscriber.deliver({
    position: 12,
    changes: [
      { kind: 'state', ...event, type: 'm.room.create', stateKey: '' },
      { kind: 'membership', ...event, userId: '@a', membership: 'join' },
      { kind: 'state', ...event, type: 'm.room.name', stateKey: '' },
      { kind: 'membership', ...event, userId: '@i', membership: 'invite' },
    ],
    audiences: [['@a'], ['@a'], ['@a'], ['@a', '@i']],
  });
  // Timeline changes also wake the room's peek key (GET /events?room_id=).
  assert.deepEqual(calls, [
    { position: 12, users: ['@a', 'peek:!r'], kinds: ['room'] },
    { position: 12, users: ['@a', '@i', 'peek:!r'], kinds: ['room', 'membership'] },
  ]);
  calls.length = 0;
  const kindsOf = (change: StreamChange): readonly ChangeKind[] => {
    subscriber.deliver({ position: 13, changes: [change], audiences: [['@a']] });
    return calls.pop()!.kinds;
  };
  assert.deepEqual(kindsOf({ kind: 'room_event', ...event, type: 'm.room.message' }), ['room']);
  assert.deepEqual(kindsOf({ kind: 'typing', roomId: '!r' }), ['room']);
  assert.deepEqual(kindsOf({ kind: 'room_forgotten', roomId: '!r', userId: '@a' }), ['membership']);
  assert.deepEqual(kindsOf({ kind: 'account_data', userId: '@a', roomId: '!r', type: 'm.fully_read' }), ['account_data']);
  assert.deepEqual(kindsOf({ kind: 'receipt', roomId: '!r', userId: '@a', receiptType: 'm.read', eventId: '$e', threadId: '' }), ['receipts']);
  assert.deepEqual(kindsOf({ kind: 'to_device', sender: '@a', type: 't', recipients: ['@a'] }), ['to_device']);
  assert.deepEqual(kindsOf({ kind: 'device_list', userId: '@a' }), ['device_lists']);
  assert.deepEqual(kindsOf({ kind: 'keys', userId: '@a' }), ['keys']);
  // Only timeline changes reach peekers: typing, receipts and the rest do not.
  subscriber.deliver({ position: 14, changes: [{ kind: 'room_event', ...event, type: 'm.room.message' }], audiences: [['@a']] });
  assert.deepEqual(calls.pop()!.users, ['@a', 'peek:!r']);
  subscriber.deliver({ position: 15, changes: [{ kind: 'typing', roomId: '!r' }], audiences: [['@a']] });
  assert.deepEqual(calls.pop()!.users, ['@a']);
});
