import type { EventRow } from '../storage/repos/events.ts';
import type { SentMembers } from './SentMemberTracker.ts';

/**
 * Lazy loading's redundancy rule (`include_redundant_members: false`, the default): leaves out
 * of `state` the member events this device already received in an earlier response of its
 * sync chain (a changed membership is a new event, so it is sent), then notes every member
 * event the response carries, in `state` or in the timeline. With `skip` false (full state,
 * include_redundant_members) nothing is left out, but the sent events are still noted.
 */
export function dropRedundantMembers(roomId: string, state: EventRow[], timeline: readonly EventRow[], sent: SentMembers, skip: boolean): EventRow[] {
  const kept = skip ? state.filter((r) => !(r.type === 'm.room.member' && r.state_key !== null && sent.alreadySent(roomId, r.state_key, r.event_id))) : state;
  for (const r of kept) if (r.type === 'm.room.member' && r.state_key !== null) sent.record(roomId, r.state_key, r.event_id);
  for (const r of timeline) if (r.type === 'm.room.member' && r.state_key !== null) sent.record(roomId, r.state_key, r.event_id);
  return kept;
}
