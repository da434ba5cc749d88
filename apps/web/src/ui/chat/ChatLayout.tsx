// The signed-in layout: banner, the Rooms navigation (a drawer when narrow), the open room in main, and the
// members panel as a complementary landmark. Global shortcuts live here.
import { lazy, Suspense, useEffect, useState } from 'react';
import { Button, ListBox, ListBoxItem, Popover, Select, SelectValue, Label } from 'react-aria-components';
import { strings } from '../../strings.ts';
import type { Announcer } from '../../viewModels/Announcer.ts';
import type { ChatViewModel } from '../../viewModels/ChatViewModel.ts';
import { THEMES, type Theme } from '../theme.ts';
import { useViewModel } from '../useViewModel.ts';
import { FirstRun } from './FirstRun.tsx';
import { cycleRegion, focusComposer } from './focus.ts';
import { MemberList } from './MemberList.tsx';
import { usePermalinkNavigation } from './permalinks.ts';
import './features.css';
import { RoomList } from './RoomList.tsx';
import { RoomView } from './RoomView.tsx';

const QuickSwitcher = lazy(() => import('../dialogs/QuickSwitcher.tsx'));
const ShortcutsDialog = lazy(() => import('../dialogs/ShortcutsDialog.tsx'));

interface Props {
  vm: ChatViewModel;
  announcer: Announcer;
  theme: Theme;
  userId: string;
  onTheme(theme: Theme): void;
  onSignOut(): void;
}

function isTextField(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

export function ChatLayout({ vm, announcer, theme, userId, onTheme, onSignOut }: Props) {
  const state = useViewModel(vm);
  const rooms = useViewModel(vm.roomList);
  const [dialog, setDialog] = useState<'switcher' | 'shortcuts' | null>(null);
  const room = state.roomId ? vm.roomList.find(state.roomId) : undefined;
  usePermalinkNavigation(vm);

  useEffect(() => {
    document.title = strings.title(room ? room.name : null, room?.unread ?? 0);
  }, [room]);

  const open = (roomId: string) => {
    vm.open(roomId);
    const r = vm.roomList.find(roomId);
    if (r) announcer.status(strings.announce.roomOpened(r.name, r.unread));
    focusComposer();
  };

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setDialog('switcher');
      } else if (e.altKey && e.shiftKey && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
        e.preventDefault();
        const next = vm.roomList.nextUnread(vm.state.roomId, e.key === 'ArrowDown' ? 1 : -1);
        if (next) open(next);
      } else if (e.altKey && e.shiftKey && e.code === 'KeyC') {
        e.preventDefault();
        focusComposer();
      } else if (e.key === 'F6') {
        e.preventDefault();
        cycleRegion(e.shiftKey ? -1 : 1);
      } else if (e.key === '?' && !isTextField(e.target) && !e.ctrlKey && !e.metaKey && !e.altKey) {
        e.preventDefault();
        setDialog('shortcuts');
      } else if (e.key === 'Escape' && !e.defaultPrevented) {
        if (vm.state.navOpen) vm.toggleNav(false);
        else if (vm.state.membersOpen) {
          vm.toggleMembers(false);
          document.getElementById('members-toggle')?.focus();
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const noRooms = rooms.channels.length === 0 && rooms.directs.length === 0;
  return (
    <div className="app" data-nav-open={state.navOpen}>
      {/* Only while a room is open: their targets exist only then (a skip link to nothing fails 2.4.1). */}
      {state.roomId && (
        <>
          <a className="skip-link" href="#timeline">
            {strings.skipToMessages}
          </a>
          <a className="skip-link" href="#composer">
            {strings.skipToComposer}
          </a>
        </>
      )}
      <header className="banner">
        <Button className="icon-button nav-toggle" aria-expanded={state.navOpen} aria-controls="rooms-nav" onPress={() => vm.toggleNav()}>
          {state.navOpen ? strings.header.closeRooms : strings.header.openRooms}
        </Button>
        <p className="app-name">{strings.appName}</p>
        <Button className="switcher-button" onPress={() => setDialog('switcher')}>
          {strings.header.quickSwitcher} <kbd>Ctrl K</kbd>
        </Button>
        <div className="banner-end">
          <Select className="theme-select" selectedKey={theme} onSelectionChange={(key) => onTheme(key as Theme)}>
            <Label>{strings.header.theme}</Label>
            <Button className="select-button">
              <SelectValue />
              <span aria-hidden="true">▾</span>
            </Button>
            <Popover className="popover">
              <ListBox className="listbox">
                {THEMES.map((t) => (
                  <ListBoxItem key={t} id={t} className="listbox-item">
                    {strings.header.themes[t]}
                  </ListBoxItem>
                ))}
              </ListBox>
            </Popover>
          </Select>
          <Button className="icon-button" onPress={() => setDialog('shortcuts')} aria-label={strings.header.shortcuts}>
            ?
          </Button>
          <span className="whoami">{strings.header.signedInAs(userId)}</span>
          <Button onPress={onSignOut}>{strings.header.signOut}</Button>
        </div>
      </header>
      <div className="columns">
        <nav id="rooms-nav" className="sidebar" aria-label={strings.rooms.nav}>
          <RoomList vm={vm} onOpen={open} />
        </nav>
        <main id="main" className="room">
          {state.roomId && vm.timeline && vm.composer ? (
            <RoomView key={state.roomId} vm={vm} timeline={vm.timeline} composer={vm.composer} announcer={announcer} onOpen={open} />
          ) : (
            <FirstRun vm={vm} suggested={vm.suggestions()} empty={noRooms} onOpen={open} />
          )}
        </main>
        {state.membersOpen && state.roomId && (
          <aside className="members-panel" aria-labelledby="members-heading">
            <MemberList vm={vm} roomId={state.roomId} />
          </aside>
        )}
      </div>
      <Suspense fallback={null}>
        {dialog === 'switcher' && <QuickSwitcher rooms={vm.roomList.ordered()} onOpen={open} onClose={() => setDialog(null)} />}
        {dialog === 'shortcuts' && <ShortcutsDialog onClose={() => setDialog(null)} />}
      </Suspense>
    </div>
  );
}
