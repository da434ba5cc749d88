import type { Api, ApiResponse, TestUser } from './client.ts';

/** The auth dict of an m.login.password UIA stage for a user. */
export function passwordAuth(user: Pick<TestUser, 'userId' | 'password'>, session?: string, password = user.password): Record<string, unknown> {
  return { type: 'm.login.password', identifier: { type: 'm.id.user', user: user.userId }, password, ...(session ? { session } : {}) };
}

/** Sends a UIA-protected request twice: first without auth (expecting the 401 challenge), then with the password stage. */
export async function withPasswordAuth(
  api: Api,
  user: Pick<TestUser, 'userId' | 'password'>,
  method: string,
  path: string,
  body: Record<string, unknown> = {},
): Promise<ApiResponse> {
  const challenge = await api.request(method, path, body);
  if (challenge.status !== 401 || typeof challenge.body?.session !== 'string') {
    throw new Error(`expected a UIA challenge, got ${challenge.status} ${JSON.stringify(challenge.body)}`);
  }
  return api.request(method, path, { ...body, auth: passwordAuth(user, challenge.body.session) });
}

/** Logs in with a password and returns the raw response. */
export function login(api: Api, user: string, password: string, extra: Record<string, unknown> = {}): Promise<ApiResponse> {
  return api.post('/login', { type: 'm.login.password', identifier: { type: 'm.id.user', user }, password, ...extra });
}
