import type { EventRow } from '../storage/repos/events.ts';
import { listMemberEventsAt, parsePdu } from '../storage/repos/events.ts';
import type { Queryable } from '../storage/schema.ts';
import { loadTimeline } from '../sync/loadTimeline.ts';
import { scanRoomEvents } from '../sync/scanRoomEvents.ts';
import { toClientEvents, type FormatContext } from '../sync/formatEvent.ts';
import { formatToken } from '../sync/syncToken.ts';
import type { Visibility } from '../sync/Visibility.ts';

export interface SearchContextOptions {
  beforeLimit: number;
  afterLimit: number;
  includeProfile: boolean;
}

/**
 * A search result's `context`, as /context would give it: the events just before and
 * after that the user may see (never past `upTo`), pagination tokens around them, and
 * optionally the senders' profiles as their membership stood at the result.
 */
export async function loadSearchContext(
  db: Queryable,
  row: EventRow,
  upTo: number,
  visibility: Visibility,
  opts: SearchContextOptions,
  fmt: FormatContext,
): Promise<Record<string, unknown>> {
  const stream = Number(row.stream);
  const before = opts.beforeLimit > 0 ? (await loadTimeline(db, row.room_id, 0, stream - 1, opts.beforeLimit, visibility)).rows.reverse() : [];
  const after = opts.afterLimit > 0 ? (await scanRoomEvents(db, row.room_id, stream, upTo, 'f', opts.afterLimit, (r) => visibility.canSee(r))).rows : [];
  const oldest = before.length > 0 ? Number(before[before.length - 1]!.stream) : stream;
  const newest = after.length > 0 ? Number(after[after.length - 1]!.stream) : stream;
  const context: Record<string, unknown> = {
    events_before: await toClientEvents(db, before, fmt),
    events_after: await toClientEvents(db, after, fmt),
    start: formatToken(oldest - 1),
    end: formatToken(newest),
  };
  if (opts.includeProfile) {
    const profiles: Record<string, Record<string, string>> = {};
    const senders = [...new Set([row, ...before, ...after].map((e) => e.sender))];
    const members = new Map((await listMemberEventsAt(db, row.room_id, stream, senders)).filter((r) => r.type === 'm.room.member').map((r) => [r.state_key, r]));
    for (const sender of senders) {
      const member = members.get(sender);
      const content = member ? parsePdu(member).content : undefined;
      const profile: Record<string, string> = {};
      if (typeof content?.displayname === 'string') profile.displayname = content.displayname;
      if (typeof content?.avatar_url === 'string') profile.avatar_url = content.avatar_url;
      profiles[sender] = profile;
    }
    context.profile_info = profiles;
  }
  return context;
}
