// The members of the open room, with role and presence as text (not colour only).
import { Button, ListBox, ListBoxItem } from 'react-aria-components';
import { strings } from '../../strings.ts';
import type { ChatViewModel } from '../../viewModels/ChatViewModel.ts';
import { useViewModel } from '../useViewModel.ts';

export function MemberList({ vm, roomId }: { vm: ChatViewModel; roomId: string }) {
  useViewModel(vm.roomList);
  const members = vm.members();
  void roomId;
  const close = () => {
    vm.toggleMembers(false);
    document.getElementById('members-toggle')?.focus();
  };
  return (
    <>
      <div className="panel-header">
        <h2 id="members-heading">{strings.members.heading(members.length)}</h2>
        <Button onPress={close}>{strings.members.close}</Button>
      </div>
      <ListBox aria-labelledby="members-heading" className="member-list" items={members} selectionMode="none">
        {(m) => {
          const role = strings.members.role(m.powerLevel);
          const presence = m.membership === 'invite' ? strings.members.invited : (strings.members.presence[m.presence] ?? '');
          return (
            // The name is the composed "Alice, moderator, online": from the contents alone it ran the parts together.
            <ListBoxItem
              id={m.userId}
              textValue={strings.members.row(m.displayName, role, presence)}
              aria-label={strings.members.row(m.displayName, role, presence)}
              className="member-row"
            >
              <span className={`presence presence-${m.presence}`} aria-hidden="true" />
              <span className="member-name">{m.displayName}</span>
              <span className="member-meta">{[role, presence].filter(Boolean).join(', ')}</span>
            </ListBoxItem>
          );
        }}
      </ListBox>
    </>
  );
}
