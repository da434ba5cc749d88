// Ctrl/Cmd+K: a modal holding a search field that filters a menu of rooms (react-aria's Autocomplete, the
// command-palette pattern). Choosing a room opens it and moves focus to its composer.
import { Autocomplete, Dialog, Heading, Input, Label, Menu, MenuItem, Modal, ModalOverlay, SearchField, useFilter } from 'react-aria-components';
import type { RoomInfo } from '../../matrix/ChatClient.ts';
import { strings } from '../../strings.ts';

export default function QuickSwitcher({ rooms, onOpen, onClose }: { rooms: RoomInfo[]; onOpen(roomId: string): void; onClose(): void }) {
  const { contains } = useFilter({ sensitivity: 'base' });
  return (
    <ModalOverlay isOpen isDismissable onOpenChange={(open) => !open && onClose()} className="modal-overlay">
      <Modal className="modal">
        <Dialog className="dialog switcher">
          <Heading slot="title">{strings.switcher.heading}</Heading>
          <Autocomplete filter={contains}>
            <SearchField autoFocus className="search-field">
              <Label>{strings.switcher.search}</Label>
              <Input />
            </SearchField>
            <Menu
              className="menu switcher-menu"
              items={rooms}
              aria-label={strings.switcher.heading}
              renderEmptyState={() => <p className="empty">{strings.switcher.none}</p>}
              onAction={(key) => {
                onClose();
                onOpen(String(key));
              }}
            >
              {(room) => (
                <MenuItem id={room.roomId} textValue={room.name} className="menu-item" aria-label={strings.rooms.rowLabel(room.name, room.unread, room.mentions)}>
                  <span>{room.name}</span>
                  {room.unread > 0 && (
                    <span className="badge" aria-hidden="true">
                      {room.unread}
                    </span>
                  )}
                </MenuItem>
              )}
            </Menu>
          </Autocomplete>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
