// The channel list: rooms split into channels, direct messages and invitations, with unread state, ordered by name
// (channels) or recent activity (direct messages); and the next/previous unread room for Alt+Shift+Up/Down.
import type { ChatClient, RoomInfo } from '../matrix/ChatClient.ts';
import { ViewModel } from './ViewModel.ts';

export interface RoomListState {
  channels: RoomInfo[];
  directs: RoomInfo[];
  invites: RoomInfo[];
}

export function sortRooms(rooms: readonly RoomInfo[]): RoomListState {
  const joined = rooms.filter((r) => r.membership === 'join');
  return {
    channels: joined.filter((r) => !r.isDirect).sort((a, b) => a.name.localeCompare(b.name)),
    directs: joined.filter((r) => r.isDirect).sort((a, b) => b.lastActivity - a.lastActivity),
    invites: rooms.filter((r) => r.membership === 'invite'),
  };
}

export class RoomListViewModel extends ViewModel<RoomListState> {
  private readonly unsubscribe: () => void;

  constructor(private readonly client: ChatClient) {
    super(sortRooms(client.listRooms()));
    this.unsubscribe = client.onChange(() => this.set(sortRooms(this.client.listRooms())));
  }

  dispose(): void {
    this.unsubscribe();
  }

  /** All rooms in the order they are shown. */
  ordered(): RoomInfo[] {
    return [...this.state.invites, ...this.state.channels, ...this.state.directs];
  }

  find(roomId: string): RoomInfo | undefined {
    return this.ordered().find((r) => r.roomId === roomId);
  }

  /** The next (or previous) room with unread messages after `fromRoomId`, wrapping around; null if none. */
  nextUnread(fromRoomId: string | null, direction: 1 | -1): string | null {
    const rooms = this.ordered();
    const start = rooms.findIndex((r) => r.roomId === fromRoomId);
    for (let step = 1; step <= rooms.length; step++) {
      const index = (((start + direction * step) % rooms.length) + rooms.length) % rooms.length;
      const room = rooms[index]!;
      if (room.roomId !== fromRoomId && (room.unread > 0 || room.mentions > 0)) return room.roomId;
    }
    return null;
  }
}
