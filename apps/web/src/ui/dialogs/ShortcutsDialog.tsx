// `?`: the list of keyboard shortcuts.
import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';
import { strings } from '../../strings.ts';

export default function ShortcutsDialog({ onClose }: { onClose(): void }) {
  return (
    <ModalOverlay isOpen isDismissable onOpenChange={(open) => !open && onClose()} className="modal-overlay">
      <Modal className="modal">
        <Dialog className="dialog">
          <Heading slot="title">{strings.shortcuts.heading}</Heading>
          <dl className="shortcuts">
            {strings.shortcuts.list.map(([keys, what]) => (
              <div key={keys}>
                <dt>
                  <kbd>{keys}</kbd>
                </dt>
                <dd>{what}</dd>
              </div>
            ))}
          </dl>
          <div className="dialog-actions">
            <Button slot="close" autoFocus>
              {strings.shortcuts.close}
            </Button>
          </div>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
