/**
 * What one committed write changed, as the feed records and dispatches it. Each
 * kind carries what a subscriber needs to act without re-reading the write (room,
 * users, event); who a change concerns is decided in one place, `audienceOf`.
 * Persisted as JSON in `stream_changes`, so fields are only ever added.
 */
export type StreamChange =
  | RoomEventChange
  | StateChange
  | MembershipChange
  | RoomForgottenChange
  | AccountDataChange
  | ReceiptChange
  | TypingChange
  | ToDeviceChange
  | DeviceListChange
  | KeysChange
  | PresenceChange
  | PushActionsChange;

/** A timeline event that is not state (a message, a redaction, ...). */
export interface RoomEventChange {
  kind: 'room_event';
  roomId: string;
  eventId: string;
  /** The event's own stream position. */
  stream: number;
  type: string;
  sender: string;
}

/** A state event other than m.room.member. */
export interface StateChange {
  kind: 'state';
  roomId: string;
  eventId: string;
  stream: number;
  type: string;
  stateKey: string;
  sender: string;
}

/** An m.room.member event: `userId` is its target (state key). */
export interface MembershipChange {
  kind: 'membership';
  roomId: string;
  eventId: string;
  stream: number;
  userId: string;
  membership: string;
  sender: string;
}

/** A user forgot a room they had left: it leaves their membership list. */
export interface RoomForgottenChange {
  kind: 'room_forgotten';
  roomId: string;
  userId: string;
}

/** Global (`roomId` null) or room account data of a user, including m.fully_read. */
export interface AccountDataChange {
  kind: 'account_data';
  userId: string;
  roomId: string | null;
  type: string;
}

/** A read receipt moved; a private one (`m.read.private`) concerns only its user. */
export interface ReceiptChange {
  kind: 'receipt';
  roomId: string;
  userId: string;
  receiptType: string;
  eventId: string;
  threadId: string;
}

/** A room's typing set changed (the set itself lives in memory, sync/TypingTracker.ts). */
export interface TypingChange {
  kind: 'typing';
  roomId: string;
}

/** To-device messages were queued for these users' devices. */
export interface ToDeviceChange {
  kind: 'to_device';
  sender: string;
  type: string;
  recipients: string[];
}

/** A user's device list changed (device added, renamed, removed, or its identity keys). */
export interface DeviceListChange {
  kind: 'device_list';
  userId: string;
}

/** A user's own one-time or fallback keys changed (uploaded, claimed, or their device removed). */
export interface KeysChange {
  kind: 'keys';
  userId: string;
}

/**
 * What a user's room-mates see of their presence changed (state or status message); a
 * refresh of the last-active time alone is stored without a change (actions/setPresence.ts).
 */
export interface PresenceChange {
  kind: 'presence';
  userId: string;
}

/**
 * Push actions for an event were written (feed/evaluatePush.ts, after the event's own commit):
 * these users' unread counts moved and pushers may deliver. `stream` is the event's position.
 */
export interface PushActionsChange {
  kind: 'push_actions';
  roomId: string;
  eventId: string;
  stream: number;
  userIds: string[];
}

export type StreamChangeKind = StreamChange['kind'];
