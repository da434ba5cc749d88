import { EventTypes } from './events.ts';
import type { Pdu } from './pdu.ts';

/**
 * The state keys of the spec's auth events selection (server-server API,
 * "Auth events selection") for room versions 10 and 11: the create event,
 * the power levels, the sender's membership and, for m.room.member events,
 * the target's membership, the join rules (join/invite/knock), the
 * third-party invite named by the token, and the authorising user's
 * membership for restricted joins. Empty for m.room.create. No duplicates.
 */
export function authEventTypes(event: Pick<Pdu, 'type' | 'sender' | 'state_key' | 'content'>): Array<[string, string]> {
  if (event.type === EventTypes.Create) return [];
  const out: Array<[string, string]> = [
    [EventTypes.Create, ''],
    [EventTypes.PowerLevels, ''],
    [EventTypes.Member, event.sender],
  ];
  if (event.type === EventTypes.Member && typeof event.state_key === 'string') {
    const content = event.content;
    const membership = content['membership'];
    if (event.state_key !== event.sender) out.push([EventTypes.Member, event.state_key]);
    if (membership === 'join' || membership === 'invite' || membership === 'knock') out.push([EventTypes.JoinRules, '']);
    if (membership === 'invite') {
      const tpi = content['third_party_invite'];
      const signed = typeof tpi === 'object' && tpi !== null ? (tpi as Record<string, unknown>)['signed'] : undefined;
      const token = typeof signed === 'object' && signed !== null ? (signed as Record<string, unknown>)['token'] : undefined;
      if (typeof token === 'string') out.push([EventTypes.ThirdPartyInvite, token]);
    }
    const via = content['join_authorised_via_users_server'];
    if (membership === 'join' && typeof via === 'string' && via !== event.sender && via !== event.state_key) {
      out.push([EventTypes.Member, via]);
    }
  }
  return out;
}
