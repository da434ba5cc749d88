import { Api, type TestUser } from './client.ts';

/** A /sync as the test user sees it; `since` absent means an initial sync. */
export async function syncOnce(user: TestUser, since?: string, opts: { timeout?: number; filter?: unknown } = {}): Promise<any> {
  const q = new URLSearchParams();
  if (since !== undefined) q.set('since', since);
  q.set('timeout', String(opts.timeout ?? 0));
  if (opts.filter !== undefined) q.set('filter', JSON.stringify(opts.filter));
  const res = await user.api.get(`/sync?${q.toString()}`);
  if (res.status !== 200) throw new Error(`sync failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Identity keys as a client would upload them for its device (not cryptographically valid). */
export function deviceKeysOf(user: Pick<TestUser, 'userId' | 'deviceId'>, tag = 'k'): Record<string, unknown> {
  return {
    user_id: user.userId,
    device_id: user.deviceId,
    algorithms: ['m.olm.v1.curve25519-aes-sha2', 'm.megolm.v1.aes-sha2'],
    keys: { [`curve25519:${user.deviceId}`]: `curve-${tag}-${user.deviceId}`, [`ed25519:${user.deviceId}`]: `ed-${tag}-${user.deviceId}` },
    signatures: { [user.userId]: { [`ed25519:${user.deviceId}`]: `sig-${tag}` } },
  };
}

/** A signed curve25519 one-time or fallback key body. */
export function signedKey(user: Pick<TestUser, 'userId' | 'deviceId'>, key: string, fallback = false): Record<string, unknown> {
  return { key, ...(fallback ? { fallback: true } : {}), signatures: { [user.userId]: { [`ed25519:${user.deviceId}`]: `sig-${key}` } } };
}

/** Logs the user in again: a second device, optionally with a display name. */
export async function loginNewDevice(baseUrl: string, user: TestUser, displayName?: string): Promise<TestUser> {
  const api = new Api(baseUrl);
  const res = await api.post('/login', {
    type: 'm.login.password',
    identifier: { type: 'm.id.user', user: user.localpart },
    password: user.password,
    ...(displayName !== undefined ? { initial_device_display_name: displayName } : {}),
  });
  if (res.status !== 200) throw new Error(`login failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { ...user, deviceId: res.body.device_id, accessToken: res.body.access_token, api: api.withToken(res.body.access_token) };
}

/** Ephemeral events of one type in a joined room of a sync response. */
export function ephemeralOf(sync: any, roomId: string, type: string): any[] {
  const events: any[] = sync.rooms?.join?.[roomId]?.ephemeral?.events ?? [];
  return events.filter((e) => e.type === type);
}
