// Browse channels: searches the room directory (publicRooms) and joins or opens a channel.
import { useEffect, useState } from 'react';
import { Button, Dialog, Heading, Input, Label, Modal, ModalOverlay, SearchField } from 'react-aria-components';
import type { PublicRoom } from '../../matrix/ChatClient.ts';
import { strings } from '../../strings.ts';
import type { ChatViewModel } from '../../viewModels/ChatViewModel.ts';

export default function BrowseChannelsDialog({ vm, onOpen, onClose }: { vm: ChatViewModel; onOpen(roomId: string): void; onClose(): void }) {
  const [term, setTerm] = useState('');
  const [rooms, setRooms] = useState<PublicRoom[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    const timer = setTimeout(() => {
      vm.client.searchPublicRooms(term).then(
        (r) => current && setRooms(r),
        (err: unknown) => current && setError(err instanceof Error ? err.message : String(err)),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [term, vm]);
  const joined = new Set(
    vm.roomList
      .ordered()
      .filter((r) => r.membership === 'join')
      .map((r) => r.roomId),
  );
  const choose = async (room: PublicRoom) => {
    try {
      const roomId = joined.has(room.roomId) ? room.roomId : await vm.client.join(room.alias ?? room.roomId);
      onClose();
      onOpen(roomId);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <ModalOverlay isOpen isDismissable onOpenChange={(open) => !open && onClose()} className="modal-overlay">
      <Modal className="modal">
        <Dialog className="dialog browse">
          <Heading slot="title">{strings.browse.heading}</Heading>
          <SearchField value={term} onChange={setTerm} autoFocus className="search-field">
            <Label>{strings.browse.search}</Label>
            <Input />
          </SearchField>
          <p role="status">{rooms === null ? strings.browse.searching : rooms.length === 0 ? strings.browse.none : strings.browse.results(rooms.length)}</p>
          {error && <p role="alert">{error}</p>}
          <ul className="directory">
            {(rooms ?? []).map((room) => (
              <li key={room.roomId}>
                <div>
                  <strong>{room.name}</strong> <span className="meta">{strings.browse.members(room.members)}</span>
                  {room.topic && <p className="topic">{room.topic}</p>}
                </div>
                <Button onPress={() => void choose(room)}>{joined.has(room.roomId) ? strings.browse.open(room.name) : strings.browse.join(room.name)}</Button>
              </li>
            ))}
          </ul>
          <div className="dialog-actions">
            <Button slot="close">{strings.browse.close}</Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
