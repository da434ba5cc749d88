import { listMemberEventsAt } from '../storage/repos/events.ts';
import { toClientEvents, type ClientEvent } from './formatEvent.ts';
import type { SentMembers } from './SentMemberTracker.ts';
import type { SyncContext } from './SyncContext.ts';

/**
 * Lazy loading in an incremental sync that sends a changed summary: the member events of its
 * heroes the response does not carry yet (in `state` or the timeline) and the device does not
 * hold, so the client can name the room (as Synapse does). One read, only for a room whose
 * summary changed. Appends to `state` in place.
 */
export async function addHeroMembers(
  ctx: SyncContext,
  roomId: string,
  sections: { timeline: { events: ClientEvent[] }; state: { events: ClientEvent[] } },
  heroes: readonly string[],
  sent: SentMembers | undefined,
): Promise<void> {
  const redundant = ctx.filter.room?.state?.include_redundant_members === true;
  const held = new Set([...sections.state.events, ...sections.timeline.events].filter((e) => e.type === 'm.room.member').map((e) => e.state_key));
  const missing = heroes.filter((h) => !held.has(h));
  if (missing.length === 0) return;
  const read = ctx.req.cache?.readMemberEvents ?? listMemberEventsAt;
  const rows = (await read(ctx.db, roomId, ctx.upTo, missing)).filter(
    (r) => r.type === 'm.room.member' && r.state_key !== null && missing.includes(r.state_key) && (redundant || !sent?.alreadySent(roomId, r.state_key, r.event_id)),
  );
  for (const r of rows) sent?.record(roomId, r.state_key!, r.event_id);
  sections.state.events.push(...(await toClientEvents(ctx.db, rows, ctx.format)));
}
