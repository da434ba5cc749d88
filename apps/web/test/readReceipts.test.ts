import { describe, expect, it } from 'vitest';
import type { MessageItem } from '../src/viewModels/buildTimeline.ts';
import { TimelineViewModel } from '../src/viewModels/TimelineViewModel.ts';
import { strings } from '../src/strings.ts';
import { event, fakeChatClient } from './fakeChatClient.ts';

function readers(vm: TimelineViewModel): Record<string, string[]> {
  return Object.fromEntries(vm.state.items.filter((i): i is MessageItem => i.kind === 'message').map((m) => [m.eventId, (m.readBy ?? []).map((r) => r.displayName)]));
}

describe('read receipts', () => {
  it('lists each reader under the newest message they read, sorted by name', () => {
    const client = fakeChatClient();
    client.events.set('!r', [
      event({ sender: '@bob:test', ts: 1, eventId: '$1' }),
      event({ sender: '@bob:test', ts: 2, eventId: '$2' }),
      event({ sender: '@carol:test', ts: 3, eventId: '$react', type: 'm.reaction', content: { 'm.relates_to': { rel_type: 'm.annotation', event_id: '$2', key: '👍' } } }),
      event({ sender: '@bob:test', ts: 4, eventId: '$3' }),
    ]);
    client.receipts.set('!r', [
      { userId: '@zed:test', displayName: 'Zed', eventId: '$1' },
      { userId: '@carol:test', displayName: 'Carol', eventId: '$react' },
      { userId: '@amy:test', displayName: 'Amy', eventId: '$2' },
      { userId: '@old:test', displayName: 'Old', eventId: '$not-loaded' },
    ]);
    const vm = new TimelineViewModel(client, '!r');
    expect(readers(vm)).toEqual({ $1: ['Zed'], $2: ['Amy', 'Carol'], $3: [] });
  });

  it('moves readers when receipts change', () => {
    const client = fakeChatClient();
    client.events.set('!r', [event({ sender: '@bob:test', ts: 1, eventId: '$1' }), event({ sender: '@bob:test', ts: 2, eventId: '$2' })]);
    client.receipts.set('!r', [{ userId: '@amy:test', displayName: 'Amy', eventId: '$1' }]);
    const vm = new TimelineViewModel(client, '!r');
    client.receipts.set('!r', [{ userId: '@amy:test', displayName: 'Amy', eventId: '$2' }]);
    client.emit();
    expect(readers(vm)).toEqual({ $1: [], $2: ['Amy'] });
  });

  it('names readers in the label, shortening long lists', () => {
    expect(strings.receipts.readBy(['Alice', 'Bob'])).toBe('Read by Alice and Bob');
    expect(strings.receipts.readBy(['A', 'B', 'C', 'D', 'E', 'F', 'G'])).toBe('Read by A, B, C, D and 3 others');
  });
});
