import type { DeviceSections } from './buildDeviceSections.ts';
import type { StrippedEvent } from './strippedState.ts';

export interface SyncResponse extends DeviceSections {
  next_batch: string;
  rooms: {
    join: Record<string, unknown>;
    invite: Record<string, { invite_state: { events: StrippedEvent[] } }>;
    knock: Record<string, { knock_state: { events: StrippedEvent[] } }>;
    leave: Record<string, unknown>;
  };
  account_data: { events: Array<{ type: string; content: unknown }> };
  presence: { events: unknown[] };
}

/** Whether an incremental response carries nothing, so a long-poll should keep waiting. */
export function isEmptySync(r: SyncResponse): boolean {
  return (
    Object.keys(r.rooms.join).length === 0 &&
    Object.keys(r.rooms.invite).length === 0 &&
    Object.keys(r.rooms.knock).length === 0 &&
    Object.keys(r.rooms.leave).length === 0 &&
    r.account_data.events.length === 0 &&
    r.presence.events.length === 0 &&
    r.to_device.events.length === 0 &&
    r.device_lists.changed.length === 0 &&
    r.device_lists.left.length === 0
  );
}
