import { parseRoomIdParam } from '../access/parseRoomIdParam.ts';
import { toClientEvents, type ClientEvent } from '../sync/formatEvent.ts';
import { peekKey } from '../sync/peekKey.ts';
import { scanRoomEvents } from '../sync/scanRoomEvents.ts';
import type { ClientGoneSignal } from '../sync/SyncSession.ts';
import { formatToken, parseOptionalToken } from '../sync/syncToken.ts';
import type { ReadDeps } from './ReadDeps.ts';
import { RoomReadPolicy } from './RoomReadPolicy.ts';
import type { Viewer } from './Viewer.ts';

/** The longest a peek may wait, and the most events one answer carries. */
export const MAX_PEEK_TIMEOUT_MS = 60_000;
export const MAX_PEEK_EVENTS = 100;

export interface PeekOptions {
  /** A token from initialSync's messages.end or a previous peek's end; absent means from now. */
  from?: string;
  timeoutMs?: number;
  signal?: ClientGoneSignal;
}

export interface PeekChunk {
  start: string;
  end: string;
  chunk: ClientEvent[];
}

/**
 * GET /events?room_id= (room previews): the room's events after `from` that the viewer may
 * read, waiting up to the timeout for the first. The same gate and visibility as every read
 * (RoomReadPolicy: a member, or anyone in a world_readable room). Listens before reading, on
 * the room's peek key, which the notifier wakes for each of the room's timeline changes.
 */
export async function peekRoomEvents(deps: ReadDeps, viewer: Viewer, rawRoomId: string, options: PeekOptions = {}): Promise<PeekChunk> {
  const roomId = parseRoomIdParam(rawRoomId);
  const { notifier, database } = deps;
  const policy = await RoomReadPolicy.open(database.db, viewer, roomId);
  // A token from the future (another node ahead, a restored database) reads as now.
  const from = Math.min(parseOptionalToken(options.from, 'from') ?? notifier.currentPosition, notifier.currentPosition);
  const deadline = deps.now() + Math.min(options.timeoutMs ?? 0, MAX_PEEK_TIMEOUT_MS);
  const key = peekKey(roomId);
  const signal = options.signal;
  let gone = false;
  let cancel: (() => void) | undefined;
  const onGone = (): void => {
    gone = true;
    cancel?.();
  };
  signal?.addEventListener('abort', onGone);
  let scanned = from;
  try {
    for (;;) {
      const waiter = notifier.wait(key, Math.max(0, deadline - deps.now()));
      cancel = waiter.cancel;
      const ceiling = Math.min(notifier.currentPosition, policy.upTo);
      if (ceiling > scanned) {
        const visibility = await policy.visibility();
        const scan = await scanRoomEvents(database.db, roomId, scanned, ceiling, 'f', MAX_PEEK_EVENTS, (r) => visibility.canSee(r));
        scanned = scan.rows.length >= MAX_PEEK_EVENTS ? scan.cursor : ceiling;
        if (scan.rows.length > 0) {
          waiter.cancel();
          return { start: formatToken(from), end: formatToken(scanned), chunk: await toClientEvents(database.db, scan.rows, policy.format(deps.now())) };
        }
      }
      // Nothing yet: answer empty at the deadline, when the client left, or when the viewer can read no further.
      if (deps.now() >= deadline || gone || policy.upTo <= scanned) {
        waiter.cancel();
        return { start: formatToken(from), end: formatToken(scanned), chunk: [] };
      }
      await waiter.promise;
    }
  } finally {
    signal?.removeEventListener('abort', onGone);
  }
}
