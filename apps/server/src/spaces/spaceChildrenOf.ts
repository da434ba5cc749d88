import { isValidServerName, parseRoomId } from '@parley/protocol';
import { parsePdu, type EventRow } from '../storage/repos/events.ts';

/** One child of a space: its m.space.child event, valid (see spaceChildrenOf), stripped as /hierarchy shows it. */
export interface SpaceChild {
  roomId: string;
  suggested: boolean;
  /** StrippedChildStateEvent. */
  stripped: { type: 'm.space.child'; state_key: string; sender: string; content: Record<string, unknown>; origin_server_ts: number };
  order: string | undefined;
}

/** `order` as the spec allows it: 1 to 50 characters from \x20 to \x7E; anything else counts as no order. */
function validOrder(order: unknown): string | undefined {
  return typeof order === 'string' && order.length <= 50 && /^[\x20-\x7E]+$/.test(order) ? order : undefined;
}

/** `via` as it must be for the child to count: a non-empty array of server names. */
function hasValidVia(via: unknown): boolean {
  return Array.isArray(via) && via.length > 0 && via.every((v) => typeof v === 'string' && isValidServerName(v));
}

function compareChildren(a: SpaceChild, b: SpaceChild): number {
  if (a.order !== undefined && b.order === undefined) return -1;
  if (a.order === undefined && b.order !== undefined) return 1;
  // Code-point order: the strings are ASCII, so UTF-16 comparison is code-point comparison.
  if (a.order !== undefined && b.order !== undefined && a.order !== b.order) return a.order < b.order ? -1 : 1;
  if (a.stripped.origin_server_ts !== b.stripped.origin_server_ts) return a.stripped.origin_server_ts - b.stripped.origin_server_ts;
  return a.roomId < b.roomId ? -1 : a.roomId > b.roomId ? 1 : 0;
}

/**
 * A space's children from its current m.space.child events, in the spec's order ("Ordering of
 * children within a space"): those with a valid `order` first, by `order`, then by the child
 * event's origin_server_ts, then by room ID. An event whose state key is not a room ID or whose
 * `via` is missing, empty or not all server names is no child (that is how a child is removed).
 */
export function spaceChildrenOf(rows: readonly EventRow[], suggestedOnly: boolean): SpaceChild[] {
  const children: SpaceChild[] = [];
  for (const row of rows) {
    if (row.type !== 'm.space.child' || row.state_key === null || !parseRoomId(row.state_key)) continue;
    const pdu = parsePdu(row);
    if (!hasValidVia(pdu.content.via)) continue;
    const suggested = pdu.content.suggested === true;
    if (suggestedOnly && !suggested) continue;
    children.push({
      roomId: row.state_key,
      suggested,
      order: validOrder(pdu.content.order),
      stripped: { type: 'm.space.child', state_key: row.state_key, sender: row.sender, content: pdu.content, origin_server_ts: Number(row.origin_server_ts) },
    });
  }
  return children.sort(compareChildren);
}
