// The open room: its header (name, topic, members, leave), the timeline and the composer.
import { lazy, Suspense, useState } from 'react';
import { Button } from 'react-aria-components';
import { strings } from '../../strings.ts';
import type { Announcer } from '../../viewModels/Announcer.ts';
import type { ChatViewModel } from '../../viewModels/ChatViewModel.ts';
import type { ComposerViewModel } from '../../viewModels/ComposerViewModel.ts';
import type { TimelineViewModel } from '../../viewModels/TimelineViewModel.ts';
import { useViewModel } from '../useViewModel.ts';
import { Composer } from './Composer.tsx';
import { Timeline } from './Timeline.tsx';
import { UploadBar } from './UploadBar.tsx';
import { focusAfterLeave } from './focus.ts';

interface Props {
  vm: ChatViewModel;
  timeline: TimelineViewModel;
  composer: ComposerViewModel;
  announcer: Announcer;
  onOpen(roomId: string): void;
}

const PeopleDialog = lazy(() => import('../dialogs/PeopleDialog.tsx'));

export function RoomView({ vm, timeline, composer, announcer, onOpen }: Props) {
  const state = useViewModel(vm);
  const [inviting, setInviting] = useState(false);
  useViewModel(vm.roomList);
  const room = vm.roomList.find(timeline.roomId);
  const name = room?.name ?? timeline.roomId;
  const leave = async () => {
    await vm.client.leave(timeline.roomId);
    vm.closeRoom();
    focusAfterLeave();
  };
  return (
    <>
      <div className="room-header">
        <div className="room-title">
          <h1>{name}</h1>
          <p className="topic">{room?.topic || strings.room.noTopic}</p>
        </div>
        <Button id="members-toggle" aria-expanded={state.membersOpen} onPress={() => vm.toggleMembers()}>
          {state.membersOpen ? strings.room.hideMembers : strings.room.showMembers}
        </Button>
        <Button onPress={() => setInviting(true)}>{strings.room.invite}</Button>
        <Button onPress={() => void leave()}>{strings.room.leave}</Button>
      </div>
      <Timeline vm={timeline} composer={composer} roomName={name} announcer={announcer} />
      <Suspense fallback={null}>
        {inviting && (
          <PeopleDialog
            vm={vm}
            onClose={() => setInviting(false)}
            action={{
              heading: strings.invite.heading(name),
              label: strings.invite.invite,
              run: async (user) => {
                await vm.client.invite(timeline.roomId, user.userId);
                return strings.invite.done(user.displayName, name);
              },
            }}
          />
        )}
      </Suspense>
      {state.roomId && vm.uploads?.roomId === timeline.roomId && <UploadBar vm={vm.uploads} announcer={announcer} />}
      <Composer
        completion={vm.completion?.roomId === timeline.roomId ? vm.completion : null}
        vm={composer}
        timeline={timeline}
        roomName={name}
        onJoined={onOpen}
        onLeft={() => {
          vm.closeRoom();
          focusAfterLeave();
        }}
      />
    </>
  );
}
