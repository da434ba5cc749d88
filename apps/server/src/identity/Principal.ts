import type { DeviceId, UserId } from '@parley/protocol';

/** Who is calling: set by the auth step from the access token. */
export interface Principal {
  userId: UserId;
  deviceId: DeviceId;
  tokenId: number;
  isAdmin: boolean;
}
