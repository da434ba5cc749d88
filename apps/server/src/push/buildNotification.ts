import type { Queryable } from '../storage/schema.ts';
import type { PusherRow } from '../storage/repos/pushers.ts';
import { findEvent, listCurrentStateEvents, parsePdu } from '../storage/repos/events.ts';
import type { PendingPushAction } from '../storage/repos/pendingPushActions.ts';
import { tweaksOf } from './tweaksOf.ts';

/** The pusher as the gateway sees it in `devices`: its data minus `url` (the spec's rule; `format` stays). */
export function deviceOf(pusher: PusherRow, tweaks: Record<string, unknown>): Record<string, unknown> {
  const { url: _url, ...data } = parseData(pusher);
  return { app_id: pusher.app_id, pushkey: pusher.pushkey, pushkey_ts: Math.floor(Number(pusher.created_ts) / 1000), data, tweaks };
}

export function parseData(pusher: Pick<PusherRow, 'data'>): Record<string, unknown> {
  try {
    const data = JSON.parse(pusher.data) as unknown;
    return data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The `notification` for one push action. `event_id_only` pushers get the event's and room's
 * IDs, the counts, the priority and the device; the others also the event's type, sender,
 * content, whether the user is the subject of a member event, and the sender's display name,
 * room name and canonical alias when there are any. `prio` is `high` when the actions make a
 * sound or highlight, or the event is encrypted (its effect is unknown), `low` otherwise
 * (as Synapse does). A zero count is omitted, as the spec asks.
 */
export async function buildNotification(db: Queryable, pusher: PusherRow, action: PendingPushAction, unread: number): Promise<Record<string, unknown>> {
  const tweaks = tweaksOf(parseActions(action.actions));
  const event = await findEvent(db, action.event_id);
  const type = event?.type ?? '';
  const prio = tweaks.highlight === true || (tweaks.sound !== undefined && tweaks.sound !== null) || type === 'm.room.encrypted' ? 'high' : 'low';
  const base = { event_id: action.event_id, room_id: action.room_id, counts: countsOf(unread, false), prio, devices: [deviceOf(pusher, tweaks)] };
  if (parseData(pusher).format === 'event_id_only' || !event) return base;
  const pdu = parsePdu(event);
  const state = await listCurrentStateEvents(db, action.room_id, [
    ['m.room.member', event.sender],
    ['m.room.name', ''],
    ['m.room.canonical_alias', ''],
  ]);
  const contentOf = (t: string): Record<string, unknown> => {
    const row = state.find((s) => s.type === t);
    return row ? ((parsePdu(row).content as Record<string, unknown> | undefined) ?? {}) : {};
  };
  const senderName = contentOf('m.room.member').displayname;
  const roomName = contentOf('m.room.name').name;
  const alias = contentOf('m.room.canonical_alias').alias;
  return {
    ...base,
    type,
    sender: event.sender,
    ...(typeof senderName === 'string' && senderName !== '' ? { sender_display_name: senderName } : {}),
    ...(typeof roomName === 'string' && roomName !== '' ? { room_name: roomName } : {}),
    ...(typeof alias === 'string' && alias !== '' ? { room_alias: alias } : {}),
    user_is_target: type === 'm.room.member' && event.state_key === pusher.user_id,
    content: pdu.content ?? {},
  };
}

/** A badge-only update: no event, just the user's unread count (0 included, so the gateway can clear a badge). */
export function buildBadgeNotification(pusher: PusherRow, unread: number): Record<string, unknown> {
  return { counts: countsOf(unread, true), devices: [deviceOf(pusher, {})] };
}

function countsOf(unread: number, keepZero: boolean): Record<string, number> {
  return unread > 0 || keepZero ? { unread } : {};
}

function parseActions(json: string): unknown {
  try {
    return JSON.parse(json) as unknown;
  } catch {
    return [];
  }
}
