// Permalinks in the browser: "Copy link" writes one to the clipboard; links opened in the address bar (on load and
// on hashchange) or clicked in a message open the room at the event, inside the client.
import { useEffect } from 'react';
import { strings } from '../../strings.ts';
import type { Announcer } from '../../viewModels/Announcer.ts';
import type { ChatViewModel } from '../../viewModels/ChatViewModel.ts';
import { parsePermalink, permalinkFor, type Permalink } from '../../viewModels/permalink.ts';
import { focusComposer } from './focus.ts';

export async function copyPermalink(roomId: string, eventId: string, announcer: Announcer): Promise<void> {
  try {
    await navigator.clipboard.writeText(permalinkFor(location.origin, roomId, eventId));
    announcer.status(strings.permalink.copied);
  } catch {
    announcer.status(strings.permalink.copyFailed, 'assertive');
  }
}

/** Follows permalinks: the page's own fragment (on load and when it changes) and clicks on links in messages. */
export function usePermalinkNavigation(vm: ChatViewModel): void {
  useEffect(() => {
    const follow = (link: Permalink) => {
      void vm.openPermalink(link).then((ok) => {
        if (ok && link.eventId === null) focusComposer();
      });
    };
    const fromHash = () => {
      const link = parsePermalink(location.hash);
      if (!link) return;
      // Forget the fragment, so following the same link again is a change too.
      history.replaceState(null, '', location.pathname + location.search);
      follow(link);
    };
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
      const anchor = (e.target as Element | null)?.closest?.('.body a[href]');
      const link = anchor ? parsePermalink(anchor.getAttribute('href')!, location.origin) : null;
      if (!link) return;
      e.preventDefault();
      follow(link);
    };
    fromHash();
    window.addEventListener('hashchange', fromHash);
    document.addEventListener('click', onClick);
    return () => {
      window.removeEventListener('hashchange', fromHash);
      document.removeEventListener('click', onClick);
    };
  }, [vm]);
}
