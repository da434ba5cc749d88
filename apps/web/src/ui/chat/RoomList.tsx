// The Rooms navigation: Channels and Direct messages as grid lists (one Tab stop each, arrows inside, Enter opens),
// each row named "#general, 3 unread, mentioned" so badges are text, not colour only.
import { lazy, Suspense, useState } from 'react';
import { Button, GridList, GridListItem } from 'react-aria-components';
import type { RoomInfo } from '../../matrix/ChatClient.ts';
import { strings } from '../../strings.ts';
import type { ChatViewModel } from '../../viewModels/ChatViewModel.ts';
import { useViewModel } from '../useViewModel.ts';

const BrowseChannelsDialog = lazy(() => import('../dialogs/BrowseChannelsDialog.tsx'));
const CreateChannelDialog = lazy(() => import('../dialogs/CreateChannelDialog.tsx'));
const PeopleDialog = lazy(() => import('../dialogs/PeopleDialog.tsx'));

function Badges({ room }: { room: RoomInfo }) {
  return (
    <span className="badges" aria-hidden="true">
      {room.mentions > 0 && <span className="badge mention">@ {room.mentions}</span>}
      {room.unread > 0 && <span className="badge">{room.unread}</span>}
    </span>
  );
}

function Section({
  id,
  title,
  rooms,
  empty,
  selected,
  onOpen,
}: {
  id: string;
  title: string;
  rooms: RoomInfo[];
  empty: string;
  selected: string | null;
  onOpen(roomId: string): void;
}) {
  return (
    <section aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {rooms.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <GridList aria-labelledby={`${id}-heading`} className="room-list" items={rooms} onAction={(key) => onOpen(String(key))} selectionMode="none">
          {(room) => (
            <GridListItem
              id={room.roomId}
              textValue={room.name}
              className="room-row"
              aria-label={strings.rooms.rowLabel(room.name, room.unread, room.mentions, room.roomId === selected)}
              data-current={room.roomId === selected || undefined}
              data-unread={room.unread > 0 || undefined}
            >
              <span className="room-name">{room.name}</span>
              <Badges room={room} />
            </GridListItem>
          )}
        </GridList>
      )}
    </section>
  );
}

export function RoomList({ vm, onOpen }: { vm: ChatViewModel; onOpen(roomId: string): void }) {
  const rooms = useViewModel(vm.roomList);
  const { roomId } = useViewModel(vm);
  const [dialog, setDialog] = useState<'browse' | 'create' | 'direct' | null>(null);
  return (
    <>
      <div className="sidebar-actions">
        <Button onPress={() => setDialog('browse')}>{strings.rooms.browse}</Button>
        <Button onPress={() => setDialog('create')}>{strings.rooms.create}</Button>
        <Button onPress={() => setDialog('direct')}>{strings.direct.start}</Button>
      </div>
      {rooms.invites.length > 0 && (
        <section aria-labelledby="invites-heading">
          <h2 id="invites-heading">{strings.rooms.invites}</h2>
          <ul className="invites">
            {rooms.invites.map((r) => (
              <li key={r.roomId}>
                <span>{r.name}</span>
                <Button onPress={() => void vm.join(r.roomId).then(() => onOpen(r.roomId))}>{strings.rooms.acceptInvite(r.name)}</Button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <Section id="channels" title={strings.rooms.channels} rooms={rooms.channels} empty={strings.rooms.noChannels} selected={roomId} onOpen={onOpen} />
      <Section id="directs" title={strings.rooms.directs} rooms={rooms.directs} empty={strings.rooms.noDirects} selected={roomId} onOpen={onOpen} />
      <Suspense fallback={null}>
        {dialog === 'browse' && <BrowseChannelsDialog vm={vm} onOpen={onOpen} onClose={() => setDialog(null)} />}
        {dialog === 'create' && <CreateChannelDialog vm={vm} onOpen={onOpen} onClose={() => setDialog(null)} />}
        {dialog === 'direct' && (
          <PeopleDialog
            vm={vm}
            onClose={() => setDialog(null)}
            action={{
              heading: strings.direct.heading,
              label: strings.direct.message,
              run: async (user) => {
                const roomId = await vm.client.openDirect([user.userId]);
                setDialog(null);
                onOpen(roomId);
              },
            }}
          />
        )}
      </Suspense>
    </>
  );
}
