import type { SentMembers } from './SentMemberTracker.ts';

/** The tracker key a room's summary is noted under: no user ID is empty. */
const SUMMARY_KEY = '';

/**
 * The `summary` a joined room carries: in full (initial sync, newly joined, full_state) always;
 * in an incremental sync only when it differs from the last one this device's sync chain
 * received (SentMemberTracker; unknown there means sent again). `summary` undefined: no
 * membership changed in the range, so nothing to send.
 */
export function summaryIfChanged(sent: SentMembers | undefined, roomId: string, summary: Record<string, unknown> | undefined, full: boolean): Record<string, unknown> {
  if (summary === undefined) return {};
  const json = JSON.stringify(summary);
  if (!full && sent?.alreadySent(roomId, SUMMARY_KEY, json)) return {};
  sent?.record(roomId, SUMMARY_KEY, json);
  return summary;
}
