// The open room's messages: a labelled log (aria-live off: announcements go through the one announcer) holding an
// <ol> of articles with roving focus (↑/↓, Home/End; Enter or → into a message's toolbar). Day dividers are h3.
// Older history loads when the top is reached, keeping the scroll position; new messages keep the view at the end.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Button } from 'react-aria-components';
import { strings } from '../../strings.ts';
import type { Announcer } from '../../viewModels/Announcer.ts';
import type { MessageItem } from '../../viewModels/buildTimeline.ts';
import type { ComposerViewModel } from '../../viewModels/ComposerViewModel.ts';
import type { TimelineViewModel } from '../../viewModels/TimelineViewModel.ts';
import { useViewModel } from '../useViewModel.ts';
import { focusComposer } from './focus.ts';
import { MessageRow } from './MessageRow.tsx';
import { copyPermalink } from './permalinks.ts';

interface Props {
  vm: TimelineViewModel;
  composer: ComposerViewModel;
  roomName: string;
  announcer: Announcer;
}

export function Timeline({ vm, composer, roomName, announcer }: Props) {
  const state = useViewModel(vm);
  const scroller = useRef<HTMLDivElement>(null);
  const sentinel = useRef<HTMLDivElement>(null);
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const atBottom = useRef(true);
  const fromBottom = useRef<number | null>(null);
  const messages = state.items.filter((i): i is MessageItem => i.kind === 'message');
  const active = activeKey && messages.some((m) => m.key === activeKey) ? activeKey : (messages[messages.length - 1]?.key ?? null);
  const firstKey = state.items[0]?.key;

  // Keep the view anchored: at the end when it was at the end or we just sent something, else where it was when
  // history was prepended.
  const last = state.items[state.items.length - 1];
  const lastOwnKey = last?.kind === 'message' && last.own ? last.key : null;
  const seenOwnKey = useRef(lastOwnKey);
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const sentNow = lastOwnKey !== null && lastOwnKey !== seenOwnKey.current;
    seenOwnKey.current = lastOwnKey;
    if (fromBottom.current !== null) {
      el.scrollTop = el.scrollHeight - fromBottom.current;
      fromBottom.current = null;
    } else if (atBottom.current || sentNow) {
      el.scrollTop = el.scrollHeight;
      atBottom.current = true;
    }
  }, [state.items, lastOwnKey]);

  const loadOlder = () => {
    const el = scroller.current;
    if (el) fromBottom.current = el.scrollHeight - el.scrollTop;
    void vm.loadOlder();
  };

  useEffect(() => {
    const el = sentinel.current;
    if (!el || state.atStart) return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && loadOlder(), { root: scroller.current });
    observer.observe(el);
    return () => observer.disconnect();
  }, [state.atStart, firstKey]);

  useEffect(() => {
    if (state.items.length > 0 && messages.length < 15 && !state.atStart) loadOlder();
    // Fill a short first screen once.
  }, [vm]);

  useEffect(() => {
    if (messages.some((m) => m.status === 'failed')) announcer.status(strings.announce.sendFailed, 'assertive');
  }, [messages.filter((m) => m.status === 'failed').length]);

  // A permalink opened: scroll its event into the middle of the view and focus it, once per highlight.
  const highlightKey = state.highlight ? messages.find((m) => m.eventId === state.highlight)?.key : undefined;
  const shownHighlight = useRef<string | null>(null);
  useLayoutEffect(() => {
    if (!highlightKey || shownHighlight.current === state.highlight) return;
    shownHighlight.current = state.highlight;
    atBottom.current = false;
    const el = scroller.current?.querySelector<HTMLElement>(`[data-message-key="${CSS.escape(highlightKey)}"]`);
    el?.scrollIntoView({ block: 'center' });
    focusMessage(highlightKey);
  }, [highlightKey, state.highlight]);

  const jumpToPresent = () => {
    shownHighlight.current = null;
    atBottom.current = true;
    vm.jumpToPresent();
    requestAnimationFrame(() => {
      const all = scroller.current?.querySelectorAll<HTMLElement>('article[data-message-key]');
      const lastArticle = all?.[all.length - 1];
      if (lastArticle) focusMessage(lastArticle.dataset.messageKey);
    });
  };

  const hasUnreadLine = state.items.some((i) => i.kind === 'unread');
  const jumpToUnread = () => {
    const index = state.items.findIndex((i) => i.kind === 'unread');
    const first = state.items.slice(index).find((i): i is MessageItem => i.kind === 'message');
    document.getElementById('unread-line')?.scrollIntoView({ block: 'start' });
    if (first) focusMessage(first.key);
  };

  const focusMessage = (key: string | undefined) => {
    if (!key) return;
    setActiveKey(key);
    scroller.current?.querySelector<HTMLElement>(`[data-message-key="${CSS.escape(key)}"]`)?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLOListElement>) => {
    const target = e.target as HTMLElement;
    if (target.tagName !== 'ARTICLE') return;
    const index = messages.findIndex((m) => m.key === target.dataset.messageKey);
    const move: Record<string, number | undefined> = { ArrowUp: index - 1, ArrowDown: index + 1, Home: 0, End: messages.length - 1 };
    if (e.key in move) {
      e.preventDefault();
      const next = move[e.key]!;
      if (next < 0 && !state.atStart) loadOlder();
      focusMessage(messages[Math.max(0, Math.min(messages.length - 1, next))]?.key);
    } else if (e.key === 'Enter' || e.key === 'ArrowRight') {
      const first = target.querySelector<HTMLElement>('.message-actions button, .send-status button');
      if (first) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  return (
    <div
      className="timeline"
      ref={scroller}
      id="timeline"
      tabIndex={-1}
      onScroll={(e) => {
        const el = e.currentTarget;
        atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
      }}
    >
      <div role="log" aria-live="off" aria-label={strings.timeline.label(roomName)} aria-busy={state.paginating}>
        {hasUnreadLine && (
          <Button className="jump-unread" onPress={jumpToUnread}>
            {strings.timeline.jumpToUnread}
          </Button>
        )}
        <div ref={sentinel} className="timeline-start">
          {state.inPast ? null : state.atStart ? (
            <p>{strings.timeline.start}</p>
          ) : (
            <Button onPress={loadOlder} isPending={state.paginating}>
              {state.paginating ? strings.timeline.loadingOlder : strings.timeline.loadOlder}
            </Button>
          )}
        </div>
        <ol className="events" onKeyDown={onKeyDown}>
          {state.items.map((item) => {
            if (item.kind === 'day')
              return (
                <li key={item.key} className="day">
                  <h3>{item.label}</h3>
                </li>
              );
            if (item.kind === 'unread')
              return (
                <li key={item.key} className="unread-line">
                  <h3 id="unread-line">{strings.timeline.newMessages}</h3>
                </li>
              );
            if (item.kind === 'notice')
              return (
                <li key={item.key} className="notice">
                  {item.text} <span className="notice-time">{item.time}</span>
                </li>
              );
            return (
              <li key={item.key}>
                <MessageRow
                  message={item}
                  active={item.key === active}
                  onFocusMessage={() => {
                    setActiveKey(item.key);
                    vm.markRead();
                  }}
                  onReply={() => {
                    composer.startReply(item);
                    focusComposer();
                  }}
                  onEdit={() => {
                    composer.startEdit(item);
                    focusComposer();
                  }}
                  onDelete={() => {
                    void vm.remove(item);
                    focusComposer();
                  }}
                  onReact={(key) => void vm.toggleReaction(item, key)}
                  onRetry={() => vm.retry(item.key)}
                  highlighted={item.eventId !== null && item.eventId === state.highlight}
                  media={vm}
                  onCopyLink={() => {
                    if (item.eventId) void copyPermalink(vm.roomId, item.eventId, announcer);
                  }}
                />
              </li>
            );
          })}
        </ol>
      </div>
      {state.error && <p className="timeline-error">{state.error}</p>}
      {state.inPast && (
        <div className="jump-present">
          <p>{strings.permalink.inPast}</p>
          <Button onPress={jumpToPresent}>{strings.permalink.jumpToPresent}</Button>
        </div>
      )}
      <p className="typing">{strings.timeline.typing(state.typing)}</p>
    </div>
  );
}
