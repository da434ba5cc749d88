/** Rule 4 (m.room.member) of the room version 10/11 authorisation rules. */
import { ALLOW, reject, type AuthContext, type AuthResult } from './authTypes.ts';
import { EventTypes } from './events.ts';
import { parseUserId, serverNameOf } from './ids.ts';
import { actionPowerLevel, roomCreator } from './powerLevels.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function hasSignatureFrom(ctx: AuthContext, serverName: string): boolean {
  if (ctx.options.isSignedBy) return ctx.options.isSignedBy(ctx.event, serverName);
  const sigs = ctx.event.signatures[serverName];
  return isObject(sigs) && Object.keys(sigs).length > 0;
}

function checkJoin(ctx: AuthContext, target: string): AuthResult {
  const { event, create } = ctx;
  // 4.3.1
  if (event.prev_events.length === 1 && target === roomCreator(create, ctx.roomVersion)) {
    const createId = create.event_id ?? ctx.options.crypto?.eventIdOf(create, ctx.roomVersion);
    if (event.prev_events[0] === createId) return ALLOW;
  }
  if (event.sender !== target) return reject('4.3.2', 'sender does not match state_key');
  const current = ctx.membershipOf(target);
  if (current === 'ban') return reject('4.3.3', 'sender is banned');
  const rule = ctx.joinRule;
  if (rule === 'invite' || rule === 'knock') {
    return current === 'invite' || current === 'join' ? ALLOW : reject('4.3.4', `join rule is ${rule} and user is not invited`);
  }
  if (rule === 'restricted' || rule === 'knock_restricted') {
    if (current === 'join' || current === 'invite') return ALLOW;
    const via = event.content['join_authorised_via_users_server'];
    if (typeof via !== 'string') return reject('4.3.5.2', 'restricted join without join_authorised_via_users_server');
    if (ctx.membershipOf(via) !== 'join') return reject('4.3.5.2', 'authorising user is not joined');
    if (ctx.levelOf(via) < actionPowerLevel('invite', ctx.powerLevels)) return reject('4.3.5.2', 'authorising user cannot invite');
    return ALLOW;
  }
  if (rule === 'public') return ALLOW;
  return reject('4.3.7', `join rule ${rule} does not allow joining`);
}

function publicKeysOf(content: Record<string, unknown>): string[] {
  const keys: string[] = [];
  if (typeof content['public_key'] === 'string') keys.push(content['public_key']);
  const list = content['public_keys'];
  if (Array.isArray(list)) {
    for (const k of list) if (isObject(k) && typeof k['public_key'] === 'string') keys.push(k['public_key']);
  }
  return keys;
}

function signedMatchesAnyKey(ctx: AuthContext, signed: Record<string, unknown>, publicKeys: string[]): boolean {
  const verify = ctx.options.crypto?.verifyJsonSignature;
  if (!verify) return false;
  const signatures = signed['signatures'];
  if (!isObject(signatures)) return false;
  for (const [server, sigs] of Object.entries(signatures)) {
    if (!isObject(sigs)) continue;
    for (const keyId of Object.keys(sigs)) {
      if (publicKeys.some((pk) => verify(signed, server, keyId, pk))) return true;
    }
  }
  return false;
}

function checkThirdPartyInvite(ctx: AuthContext, target: string, tpi: unknown): AuthResult {
  if (ctx.membershipOf(target) === 'ban') return reject('4.4.1.1', 'target user is banned');
  const signed = isObject(tpi) ? tpi['signed'] : undefined;
  if (!isObject(signed)) return reject('4.4.1.2', 'third_party_invite has no signed property');
  const { mxid, token } = signed;
  if (typeof mxid !== 'string' || typeof token !== 'string') return reject('4.4.1.3', 'signed lacks mxid or token');
  if (mxid !== target) return reject('4.4.1.4', 'mxid does not match state_key');
  const invite = ctx.state(EventTypes.ThirdPartyInvite, token);
  if (!invite) return reject('4.4.1.5', 'no m.room.third_party_invite for the token');
  if (invite.sender !== ctx.event.sender) return reject('4.4.1.6', 'sender does not match the third-party invite sender');
  if (signedMatchesAnyKey(ctx, signed, publicKeysOf(invite.content))) return ALLOW;
  return reject('4.4.1.8', 'no signature in signed matches a public key of the third-party invite');
}

function checkInvite(ctx: AuthContext, target: string): AuthResult {
  const tpi = ctx.event.content['third_party_invite'];
  if (tpi !== undefined) return checkThirdPartyInvite(ctx, target, tpi);
  if (ctx.membershipOf(ctx.event.sender) !== 'join') return reject('4.4.2', 'sender is not joined');
  const current = ctx.membershipOf(target);
  if (current === 'join' || current === 'ban') return reject('4.4.3', `target user is already ${current}`);
  if (ctx.senderLevel >= actionPowerLevel('invite', ctx.powerLevels)) return ALLOW;
  return reject('4.4.5', 'sender power level is below the invite level');
}

function checkLeave(ctx: AuthContext, target: string): AuthResult {
  const { event } = ctx;
  if (event.sender === target) {
    const current = ctx.membershipOf(target);
    return current === 'invite' || current === 'join' || current === 'knock' ? ALLOW : reject('4.5.1', `cannot leave with membership ${String(current)}`);
  }
  if (ctx.membershipOf(event.sender) !== 'join') return reject('4.5.2', 'sender is not joined');
  if (ctx.membershipOf(target) === 'ban' && ctx.senderLevel < actionPowerLevel('ban', ctx.powerLevels)) {
    return reject('4.5.3', 'sender power level is below the ban level (unban)');
  }
  if (ctx.senderLevel >= actionPowerLevel('kick', ctx.powerLevels) && ctx.levelOf(target) < ctx.senderLevel) return ALLOW;
  return reject('4.5.5', 'sender cannot kick the target user');
}

function checkBan(ctx: AuthContext, target: string): AuthResult {
  if (ctx.membershipOf(ctx.event.sender) !== 'join') return reject('4.6.1', 'sender is not joined');
  if (ctx.senderLevel >= actionPowerLevel('ban', ctx.powerLevels) && ctx.levelOf(target) < ctx.senderLevel) return ALLOW;
  return reject('4.6.3', 'sender cannot ban the target user');
}

function checkKnock(ctx: AuthContext, target: string): AuthResult {
  if (ctx.joinRule !== 'knock' && ctx.joinRule !== 'knock_restricted') return reject('4.7.1', `join rule ${ctx.joinRule} does not allow knocking`);
  if (ctx.event.sender !== target) return reject('4.7.2', 'sender does not match state_key');
  const current = ctx.membershipOf(target);
  if (current !== 'ban' && current !== 'invite' && current !== 'join') return ALLOW;
  return reject('4.7.4', `cannot knock with membership ${current}`);
}

/** Rule 4: m.room.member events. */
export function checkMemberAuth(ctx: AuthContext): AuthResult {
  const { event } = ctx;
  const target = event.state_key;
  const membership = event.content['membership'];
  if (typeof target !== 'string' || membership === undefined) return reject('4.1', 'missing state_key or membership');
  const via = event.content['join_authorised_via_users_server'];
  if (via !== undefined) {
    if (typeof via !== 'string' || parseUserId(via) === null) return reject('4.2.1', 'join_authorised_via_users_server is not a user ID');
    if (!hasSignatureFrom(ctx, serverNameOf(via))) return reject('4.2.1', 'event is not signed by the authorising server');
  }
  switch (membership) {
    case 'join':
      return checkJoin(ctx, target);
    case 'invite':
      return checkInvite(ctx, target);
    case 'leave':
      return checkLeave(ctx, target);
    case 'ban':
      return checkBan(ctx, target);
    case 'knock':
      return checkKnock(ctx, target);
    default:
      return reject('4.8', `unknown membership ${JSON.stringify(membership)}`);
  }
}
