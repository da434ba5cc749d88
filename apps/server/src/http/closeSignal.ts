import type { ServerResponse } from 'node:http';
import type { ClientGoneSignal } from '../sync/SyncSession.ts';

/**
 * The client went away: the response's close fires mid-wait (the request's close fired once its
 * body was read). Cheaper than an AbortController per request, which showed up in profiles.
 * Long-polls (/sync, /events) listen with one listener at a time: one close handler, no map.
 */
export function closeSignal(res: ServerResponse): ClientGoneSignal {
  let aborted = false;
  let current: (() => void) | null = null;
  const onClose = (): void => {
    aborted = true;
    current?.();
  };
  return {
    get aborted() {
      return aborted;
    },
    addEventListener(_type, listener) {
      if (current === null) res.once('close', onClose);
      current = listener;
    },
    removeEventListener(_type, listener) {
      if (current !== listener) return;
      current = null;
      res.off('close', onClose);
    },
  };
}
