import type { Principal } from '../identity/Principal.ts';

/**
 * Who reads: the reads/ functions take a Viewer, never a bare user ID, so each kind of
 * reader gets its own policy (RoomReadPolicy). Only a user is implemented; an admin, a
 * moderator reviewing a report, an appservice and an anonymous reader of a public archive
 * join this union as their own cases, and the compiler then points at every place that
 * must decide what they may see.
 */
export type Viewer = UserViewer;

export interface UserViewer {
  kind: 'user';
  userId: string;
  /** The reading device: its own sends carry unsigned.transaction_id. */
  deviceId?: string;
}

/** The viewer an authenticated request reads as. */
export function viewerOf(principal: Pick<Principal, 'userId' | 'deviceId'>): Viewer {
  return { kind: 'user', userId: principal.userId, deviceId: principal.deviceId };
}
