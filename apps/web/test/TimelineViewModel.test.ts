import { describe, expect, it } from 'vitest';
import type { MessageItem } from '../src/viewModels/buildTimeline.ts';
import { TimelineViewModel } from '../src/viewModels/TimelineViewModel.ts';
import { event, fakeChatClient } from './fakeChatClient.ts';

describe('TimelineViewModel', () => {
  it('rebuilds on client changes and finds the last own editable message', () => {
    const client = fakeChatClient();
    const vm = new TimelineViewModel(client, '!r');
    expect(vm.lastOwnMessage()).toBeNull();
    client.events.set('!r', [
      event({ sender: '@me:test', ts: 1, eventId: '$mine', content: { msgtype: 'm.text', body: 'first' } }),
      event({ sender: '@me:test', ts: 2, eventId: '$emote', content: { msgtype: 'm.emote', body: 'waves' } }),
      event({ sender: '@bob:test', ts: 3, content: { msgtype: 'm.text', body: 'later' } }),
      event({ sender: '@me:test', ts: 4, key: 'txn', eventId: null, status: 'sending' }),
    ]);
    client.emit();
    expect(vm.state.items.filter((i) => i.kind === 'message')).toHaveLength(4);
    expect(vm.lastOwnMessage()?.eventId).toBe('$mine');
  });

  it('toggles a reaction: reacts when we have not, redacts our reaction when we have', async () => {
    const client = fakeChatClient();
    const vm = new TimelineViewModel(client, '!r');
    const message = { eventId: '$m', reactions: [{ key: '👍', count: 1, senders: ['Me'], mine: '$r1' }] } as unknown as MessageItem;
    await vm.toggleReaction(message, '👍');
    await vm.toggleReaction(message, '🎉');
    expect(client.calls).toEqual(['redact !r $r1', 'react !r $m 🎉']);
  });

  it('pages back until the client says the start is reached, one request at a time', async () => {
    const client = fakeChatClient();
    let pages = 2;
    client.paginateBack = async () => --pages > 0;
    const vm = new TimelineViewModel(client, '!r');
    await Promise.all([vm.loadOlder(), vm.loadOlder()]);
    expect(pages).toBe(1);
    expect(vm.state.atStart).toBe(false);
    await vm.loadOlder();
    expect(vm.state.atStart).toBe(true);
    await vm.loadOlder();
    expect(pages).toBe(0);
  });

  it('marks the room read when its newest event changes (after a join, a gap or a new message)', () => {
    const client = fakeChatClient();
    new TimelineViewModel(client, '!r');
    expect(client.calls).toEqual([]);
    client.events.set('!r', [event({ sender: '@bob:test', ts: 1 })]);
    client.emit();
    client.emit();
    client.events.set('!r', [...client.events.get('!r')!, event({ sender: '@bob:test', ts: 2 })]);
    client.emit();
    expect(client.calls).toEqual(['read !r', 'read !r']);
  });

  it('retries a failed send by its transaction ID', () => {
    const client = fakeChatClient();
    new TimelineViewModel(client, '!r').retry('txn42');
    expect(client.calls).toEqual(['retry !r txn42']);
  });
});
