import type { DeviceId, UserId } from '@parley/protocol';
import type { AppDeps } from '../deps.ts';
import { countDevices, findDevice, upsertDevice } from '../storage/repos/devices.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import { insertAccessToken } from '../storage/repos/accessTokens.ts';
import { hashToken, newDeviceId, newToken } from '../security/tokens.ts';
import type { Queryable } from '../storage/schema.ts';

export interface Session {
  user_id: UserId;
  device_id: DeviceId;
  access_token: string;
  refresh_token?: string;
  expires_in_ms?: number;
  home_server: string;
  well_known: { 'm.homeserver': { base_url: string } };
}

export interface SessionInput {
  userId: UserId;
  deviceId?: string;
  displayName?: string;
  refreshToken: boolean;
  ip: string;
}

/**
 * Creates (or reuses) a device and issues an access token, plus a refresh token when asked for.
 * A new device past `max_devices_per_user` is refused (403 M_FORBIDDEN): the user must log some out.
 * Everyone sharing a room with the user downloads every device's keys (/keys/query) and sends room
 * keys to each, so their number is bounded like the keys themselves.
 */
export async function createSession(deps: AppDeps, db: Queryable, input: SessionInput): Promise<Session> {
  const now = deps.now();
  const deviceId = (input.deviceId ?? newDeviceId()) as DeviceId;
  const max = deps.config.maxDevicesPerUser;
  if ((await countDevices(db, input.userId)) >= max && !(await findDevice(db, input.userId, deviceId))) {
    throw new MatrixError('M_FORBIDDEN', `You have ${max} devices: log some out before adding another`);
  }
  await upsertDevice(db, { user_id: input.userId, device_id: deviceId, display_name: input.displayName ?? null, last_seen_ts: now, last_seen_ip: input.ip, created_ts: now });
  const accessToken = newToken('pat');
  const refreshToken = input.refreshToken ? newToken('prt') : null;
  const lifetime = input.refreshToken ? (deps.config.accessTokenLifetimeMs ?? 5 * 60_000) : deps.config.accessTokenLifetimeMs;
  await insertAccessToken(db, {
    token_hash: hashToken(accessToken),
    user_id: input.userId,
    device_id: deviceId,
    refresh_token_hash: refreshToken ? hashToken(refreshToken) : null,
    expires_ts: lifetime ? now + lifetime : null,
    created_ts: now,
  });
  return {
    user_id: input.userId,
    device_id: deviceId,
    access_token: accessToken,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    ...(lifetime ? { expires_in_ms: lifetime } : {}),
    home_server: deps.config.serverName,
    well_known: { 'm.homeserver': { base_url: deps.config.publicBaseUrl } },
  };
}
