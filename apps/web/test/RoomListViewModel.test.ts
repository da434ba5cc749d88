import { describe, expect, it } from 'vitest';
import { RoomListViewModel } from '../src/viewModels/RoomListViewModel.ts';
import { fakeChatClient, room } from './fakeChatClient.ts';

describe('RoomListViewModel', () => {
  it('splits channels, direct messages and invitations, and follows client changes', () => {
    const client = fakeChatClient();
    client.rooms = [
      room({ roomId: '!b', name: 'beta' }),
      room({ roomId: '!a', name: 'alpha' }),
      room({ roomId: '!d', name: 'Dana', isDirect: true }),
      room({ roomId: '!i', membership: 'invite' }),
    ];
    const vm = new RoomListViewModel(client);
    expect(vm.state.channels.map((r) => r.name)).toEqual(['alpha', 'beta']);
    expect(vm.state.directs.map((r) => r.roomId)).toEqual(['!d']);
    expect(vm.state.invites.map((r) => r.roomId)).toEqual(['!i']);
    client.rooms = [...client.rooms, room({ roomId: '!c', name: 'gamma' })];
    client.emit();
    expect(vm.state.channels.map((r) => r.name)).toEqual(['alpha', 'beta', 'gamma']);
  });

  it('finds the next and previous unread room, wrapping around', () => {
    const client = fakeChatClient();
    client.rooms = [
      room({ roomId: '!a', name: 'a', unread: 2 }),
      room({ roomId: '!b', name: 'b' }),
      room({ roomId: '!c', name: 'c', mentions: 1 }),
      room({ roomId: '!d', name: 'd' }),
    ];
    const vm = new RoomListViewModel(client);
    expect(vm.nextUnread('!b', 1)).toBe('!c');
    expect(vm.nextUnread('!c', 1)).toBe('!a');
    expect(vm.nextUnread('!b', -1)).toBe('!a');
    expect(vm.nextUnread('!a', -1)).toBe('!c');
    client.rooms = client.rooms.map((r) => ({ ...r, unread: 0, mentions: 0 }));
    client.emit();
    expect(vm.nextUnread('!a', 1)).toBeNull();
  });
});
