// Search people in the user directory and act on one: start a direct message, or invite them to the open room.
import { useEffect, useState } from 'react';
import { Button, Dialog, Heading, Input, Label, Modal, ModalOverlay, SearchField } from 'react-aria-components';
import type { UserResult } from '../../matrix/ChatClient.ts';
import { strings } from '../../strings.ts';
import type { ChatViewModel } from '../../viewModels/ChatViewModel.ts';

const FULL_USER_ID = /^@[^:\s]+:[^\s]+$/;

export interface PeopleAction {
  heading: string;
  /** The button label for one person. */
  label(name: string): string;
  /** Runs the action; resolves to a message to announce, or nothing. */
  run(user: UserResult): Promise<string | void>;
}

export default function PeopleDialog({ vm, action, onClose }: { vm: ChatViewModel; action: PeopleAction; onClose(): void }) {
  const [term, setTerm] = useState('');
  const [people, setPeople] = useState<UserResult[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!term.trim()) return setPeople(null);
    let current = true;
    const timer = setTimeout(() => {
      const typed = term.trim();
      vm.client.searchUsers(typed).then(
        // The directory lists only people who share a room with us (or are in public rooms): a full user ID
        // typed in is offered as it is.
        (r) => current && setPeople(FULL_USER_ID.test(typed) && !r.some((u) => u.userId === typed) ? [{ userId: typed, displayName: typed }, ...r] : r),
        (err: unknown) => current && setError(err instanceof Error ? err.message : String(err)),
      );
    }, 250);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [term, vm]);
  const [done, setDone] = useState<string | null>(null);
  const choose = async (user: UserResult) => {
    try {
      const message = await action.run(user);
      if (message) setDone(message);
      else onClose();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <ModalOverlay isOpen isDismissable onOpenChange={(open) => !open && onClose()} className="modal-overlay">
      <Modal className="modal">
        <Dialog className="dialog browse">
          <Heading slot="title">{action.heading}</Heading>
          <SearchField value={term} onChange={setTerm} autoFocus className="search-field">
            <Label>{strings.direct.search}</Label>
            <Input />
          </SearchField>
          <p role="status">{done ?? (people === null ? '' : people.length === 0 ? strings.direct.none : strings.direct.results(people.length))}</p>
          {error && <p role="alert">{error}</p>}
          <ul className="directory">
            {(people ?? []).map((user) => (
              <li key={user.userId}>
                <div>
                  <strong>{user.displayName}</strong> <span className="meta">{user.userId}</span>
                </div>
                <Button onPress={() => void choose(user)}>{action.label(user.displayName)}</Button>
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
