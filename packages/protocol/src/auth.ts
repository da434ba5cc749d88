/**
 * The event authorisation rules of room versions 10 and 11
 * (content/rooms/v10.md and v11.md, "Authorisation rules"). Rule numbers in
 * rejections follow the spec's numbering.
 *
 * `checkEventAuth` is given the room state before the event. Rule 2 is about
 * the event's own `auth_events` list; here 2.4 and 2.5 are applied to the
 * state looked up, and {@link checkAuthEvents} checks an actual auth events
 * list (2.1-2.5). Checking the sender server's signature is outside these
 * rules (see `verifyEventSignature`).
 */
import { authEventTypes } from './authEventTypes.ts';
import { ALLOW, reject, type AuthContext, type AuthOptions, type AuthResult, type AuthStateLookup } from './authTypes.ts';
import { checkMemberAuth } from './checkMemberAuth.ts';
import { checkPowerLevelsAuth } from './checkPowerLevelsAuth.ts';
import { EventTypes } from './events.ts';
import { serverNameOf } from './ids.ts';
import type { Pdu } from './pdu.ts';
import { actionPowerLevel, eventPowerLevel, userPowerLevel } from './powerLevels.ts';
import { isSupportedRoomVersion, type RoomVersion } from './roomVersions.ts';

export type { AuthCrypto, AuthOptions, AuthResult, AuthStateLookup } from './authTypes.ts';
export { authEventTypes } from './authEventTypes.ts';

function checkCreate(event: Pdu, roomVersion: RoomVersion): AuthResult {
  if (event.prev_events.length > 0) return reject('1.1', 'm.room.create has prev_events');
  if (serverNameOf(event.room_id) !== serverNameOf(event.sender)) return reject('1.2', 'room_id domain does not match sender domain');
  const version = event.content['room_version'];
  if (version !== undefined && !isSupportedRoomVersion(version)) return reject('1.3', `unrecognised room_version ${JSON.stringify(version)}`);
  if (roomVersion === '10' && !Object.prototype.hasOwnProperty.call(event.content, 'creator')) return reject('1.4', 'content has no creator');
  return ALLOW;
}

function contextFor(event: Pdu, state: AuthStateLookup, roomVersion: RoomVersion, options: AuthOptions, create: Pdu): AuthContext {
  const plEvent = state(EventTypes.PowerLevels, '');
  const powerLevels = plEvent?.content;
  const levelOf = (userId: string): number => userPowerLevel(userId, powerLevels, create, roomVersion);
  const joinRules = state(EventTypes.JoinRules, '')?.content['join_rule'];
  return {
    event,
    state,
    roomVersion,
    options,
    create,
    powerLevels,
    senderLevel: levelOf(event.sender),
    levelOf,
    membershipOf: (userId) => {
      const m = state(EventTypes.Member, userId)?.content['membership'];
      return typeof m === 'string' ? m : undefined;
    },
    // Without an m.room.join_rules event the room behaves as invite-only (as Synapse does).
    joinRule: typeof joinRules === 'string' ? joinRules : 'invite',
  };
}

/** Applies the authorisation rules to `event` against `state` (the state before the event). */
export function checkEventAuth(event: Pdu, state: AuthStateLookup, roomVersion: RoomVersion, options: AuthOptions = {}): AuthResult {
  // 1
  if (event.type === EventTypes.Create) return checkCreate(event, roomVersion);
  // 2.4, 2.5 (on the state that the auth events selection picks)
  const create = state(EventTypes.Create, '');
  if (!create) return reject('2.4', 'no m.room.create event in the room state');
  for (const [type, stateKey] of authEventTypes(event)) {
    const authEvent = state(type, stateKey);
    if (authEvent && authEvent.room_id !== event.room_id) return reject('2.5', `${type} state event belongs to another room`);
  }
  // 3
  if (create.content['m.federate'] === false && serverNameOf(event.sender) !== serverNameOf(create.sender)) {
    return reject('3', 'room is not federated and the sender is from another server');
  }
  const ctx = contextFor(event, state, roomVersion, options, create);
  // 4
  if (event.type === EventTypes.Member) return checkMemberAuth(ctx);
  // 5
  if (ctx.membershipOf(event.sender) !== 'join') return reject('5', 'sender is not joined to the room');
  // 6
  if (event.type === EventTypes.ThirdPartyInvite) {
    return ctx.senderLevel >= actionPowerLevel('invite', ctx.powerLevels) ? ALLOW : reject('6.1', 'sender power level is below the invite level');
  }
  // 7
  const required = eventPowerLevel(event.type, typeof event.state_key === 'string', ctx.powerLevels);
  if (required > ctx.senderLevel) return reject('7', `sending ${event.type} needs power level ${required}, sender has ${ctx.senderLevel}`);
  // 8
  if (typeof event.state_key === 'string' && event.state_key.startsWith('@') && event.state_key !== event.sender) {
    return reject('8', 'state_key starts with @ and does not match the sender');
  }
  // 9
  if (event.type === EventTypes.PowerLevels) return checkPowerLevelsAuth(ctx);
  // 10
  return ALLOW;
}
