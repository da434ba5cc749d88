import { MAX_RELATIONS_LIMIT } from '@parley/api';
import { listEventsByIds } from '../storage/repos/events.ts';
import { listThreadRoots } from '../storage/repos/relations.ts';
import { toClientEvents, type ClientEvent } from '../sync/formatEvent.ts';
import { formatToken, parseOptionalToken } from '../sync/syncToken.ts';
import { bundleAggregations } from './bundleAggregations.ts';
import type { ReadDeps } from './ReadDeps.ts';
import { RoomReadPolicy } from './RoomReadPolicy.ts';
import type { Viewer } from './Viewer.ts';

export interface ThreadsQuery {
  include?: 'all' | 'participated';
  limit?: number;
  from?: string;
}

export interface ThreadsPage {
  chunk: ClientEvent[];
  next_batch?: string;
}

/**
 * The thread roots of a room (GET /rooms/{roomId}/threads), most recently active thread first,
 * with their bundled aggregations; `participated` keeps the threads the viewer started or
 * replied in. `next_batch` is the position of the last thread's latest reply: the next page
 * holds threads last active before it. A redacted root stays listed (its replies are still
 * there). Refused with the read gate's M_FORBIDDEN for a room the viewer may not read.
 */
export async function readThreads(deps: ReadDeps, viewer: Viewer, roomId: string, query: ThreadsQuery): Promise<ThreadsPage> {
  const db = deps.database.db;
  const policy = await RoomReadPolicy.open(db, viewer, roomId);
  const limit = Math.min(query.limit ?? 5, MAX_RELATIONS_LIMIT);
  const ceiling = Math.min(deps.notifier.currentPosition, policy.upTo);
  const from = parseOptionalToken(query.from, 'from');
  const before = Math.min(from ?? ceiling + 1, ceiling + 1);
  const roots = await listThreadRoots(db, roomId, {
    before,
    upTo: ceiling,
    limit: limit + 1,
    ...(query.include === 'participated' ? { participant: viewer.userId } : {}),
  });
  const page = roots.slice(0, limit);
  const visibility = await policy.visibility();
  const byId = new Map(
    (
      await listEventsByIds(
        db,
        page.map((r) => r.relates_to),
      )
    ).map((e) => [e.event_id, e]),
  );
  const rows = page.flatMap((r) => {
    const e = byId.get(r.relates_to);
    return e && e.room_id === roomId && visibility.canSee(e) ? [e] : [];
  });
  const format = policy.format(deps.now());
  const chunk = await toClientEvents(db, rows, format);
  await bundleAggregations(db, chunk, { userId: viewer.userId, upTo: ceiling, format, ignored: await policy.ignored() });
  const response: ThreadsPage = { chunk };
  if (roots.length > limit) response.next_batch = formatToken(page[page.length - 1]!.latest);
  return response;
}
