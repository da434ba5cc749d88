/**
 * Power level lookups (m.room.power_levels; server-server API
 * "Definitions": required power level, invite/kick/ban/redact levels).
 */
import type { Pdu } from './pdu.ts';
import type { RoomVersion } from './roomVersions.ts';

type PowerLevelsContent = Record<string, unknown> | undefined;

const intOr = (v: unknown, fallback: number): number => (typeof v === 'number' && Number.isInteger(v) ? v : fallback);

const objectAt = (pl: PowerLevelsContent, key: string): Record<string, unknown> | undefined => {
  const v = pl?.[key];
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
};

/**
 * The creator of the room per its create event: `content.creator` in room
 * version 10 and earlier, the `sender` from version 11 on. Without a
 * room version, `content.creator` is used when it is a string, else `sender`.
 */
export function roomCreator(createEvent: Pdu, roomVersion?: RoomVersion): string {
  const creator = createEvent.content['creator'];
  if (roomVersion !== '11' && typeof creator === 'string') return creator;
  return createEvent.sender;
}

/**
 * A user's power level: `users[userId]`, else `users_default`, else 0. With
 * no power levels event the room creator has 100 and everyone else 0.
 */
export function userPowerLevel(userId: string, powerLevels: PowerLevelsContent, createEvent: Pdu | undefined, roomVersion?: RoomVersion): number {
  if (powerLevels === undefined) {
    return createEvent !== undefined && roomCreator(createEvent, roomVersion) === userId ? 100 : 0;
  }
  const users = objectAt(powerLevels, 'users');
  return intOr(users?.[userId], intOr(powerLevels['users_default'], 0));
}

/** The required power level to send an event of this type: `events[type]`, else `state_default` (50) or `events_default` (0). */
export function eventPowerLevel(eventType: string, isState: boolean, powerLevels: PowerLevelsContent): number {
  const events = objectAt(powerLevels, 'events');
  const fallback = isState ? intOr(powerLevels?.['state_default'], 50) : intOr(powerLevels?.['events_default'], 0);
  return intOr(events?.[eventType], fallback);
}

const ACTION_DEFAULTS = { invite: 0, kick: 50, ban: 50, redact: 50 } as const;

/** The invite (default 0), kick, ban and redact (default 50) levels. */
export function actionPowerLevel(action: 'invite' | 'kick' | 'ban' | 'redact', powerLevels: PowerLevelsContent): number {
  return intOr(powerLevels?.[action], ACTION_DEFAULTS[action]);
}

/** The level needed to trigger a notification of this kind (`room` defaults to 50). */
export function notificationsPowerLevel(key: string, powerLevels?: PowerLevelsContent): number {
  return intOr(objectAt(powerLevels, 'notifications')?.[key], 50);
}
