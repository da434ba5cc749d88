import { MatrixError } from '../errors/MatrixError.ts';
import type { Principal } from './Principal.ts';

/**
 * The one list of what a guest account may call (spec, "Guest Access", client behaviour), by
 * the contracts' operationId; everything else answers 403 M_GUEST_ACCESS_FORBIDDEN. The
 * spec's lists first, then what Synapse also lets guests do and clients call at start-up
 * (filters, push rules, capabilities, typing, receipts, account data, logout). A value is a
 * further condition on the path parameters.
 */
const GUEST_ENDPOINTS: ReadonlyMap<string, ((params: Record<string, string>) => boolean) | true> = new Map<string, ((params: Record<string, string>) => boolean) | true>([
  // Reading rooms and media.
  ['getRoomState', true],
  ['getEventContext', true],
  ['getOneRoomEvent', true],
  ['getRoomStateWithKey', true],
  ['getRoomEvents', true],
  ['getMembersByRoom', true],
  ['roomInitialSync', true],
  ['sync', true],
  ['peekEvents', true],
  ['getRoomSummary', true],
  // The public room directory, to find rooms to peek at or join (Synapse allows guests both).
  ['getPublicRooms', true],
  ['queryPublicRooms', true],
  ['getContentAuthed', true],
  ['getContentOverrideNameAuthed', true],
  ['getContentThumbnailAuthed', true],
  ['getContentAuthedUnstable', true],
  ['getContentOverrideNameAuthedUnstable', true],
  ['getContentThumbnailAuthedUnstable', true],
  ['getContent', true],
  ['getContentOverrideName', true],
  ['getContentThumbnail', true],
  ['getConfigAuthed', true],
  ['getConfigAuthedUnstable', true],
  // Taking part: joining (only rooms whose m.room.guest_access is can_join, see changeMembership), sending.
  ['joinRoomById', true],
  ['joinRoom', true],
  ['leaveRoom', true],
  ['sendMessage', true],
  ['setRoomStateWithKey', true],
  ['sendToDevice', true],
  ['setTyping', true],
  ['postReceipt', true],
  ['setReadMarker', true],
  // Their own account: the display name only of the profile, devices, whoami.
  ['setProfileField', (p) => p.keyName === 'displayname'],
  ['deleteProfileField', (p) => p.keyName === 'displayname'],
  ['getUserProfile', true],
  ['getProfileField', true],
  ['getDevices', true],
  ['getDevice', true],
  ['updateDevice', true],
  ['getTokenOwner', true],
  ['logout', true],
  ['getCapabilities', true],
  ['defineFilter', true],
  ['getFilter', true],
  ['getPushRules', true],
  ['getAccountData', true],
  ['setAccountData', true],
  ['getAccountDataPerRoom', true],
  ['setAccountDataPerRoom', true],
  // End-to-end encryption.
  ['uploadKeys', true],
  ['queryKeys', true],
  ['claimKeys', true],
  ['getKeysChanges', true],
]);

/** Refuses a guest's request to an endpoint outside GUEST_ENDPOINTS with 403 M_GUEST_ACCESS_FORBIDDEN; anyone else passes. */
export function checkGuestAccess(principal: Principal | null, operationId: string, params: unknown): void {
  if (principal?.kind !== 'user' || !principal.isGuest) return;
  const allowed = GUEST_ENDPOINTS.get(operationId);
  if (allowed === true) return;
  if (allowed !== undefined && allowed((params ?? {}) as Record<string, string>)) return;
  throw new MatrixError('M_GUEST_ACCESS_FORBIDDEN', 'Guest accounts may not do that');
}
