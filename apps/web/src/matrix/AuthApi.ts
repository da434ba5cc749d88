// Sign-in and registration over plain fetch: the sign-in screen must not pull matrix-js-sdk into the first paint.
// Parley's own endpoints (/_parley/client/v1/config) are read here too.

export interface Session {
  homeserverUrl: string;
  userId: string;
  accessToken: string;
  deviceId: string;
}

export interface Policy {
  id: string;
  name: string;
  url: string;
  version: string;
}

/** A user-interactive-auth step the server asks for; null `session` means the flow has not started. */
export interface UiaState {
  session: string | null;
  flows: string[][];
  completed: string[];
  /** Policies of the m.login.terms stage, if offered. */
  policies: Policy[];
  error: string | null;
}

export interface ServerConfig {
  serverName: string | null;
  suggestedRooms: string[];
  registrationMode: string | null;
}

export type RegisterResult = { kind: 'done'; session: Session } | { kind: 'auth'; uia: UiaState };

export interface AuthApi {
  login(username: string, password: string): Promise<Session>;
  /** One step of /register: auth is the stage object to submit, or undefined to start the flow. */
  register(username: string, password: string, auth?: Record<string, unknown>): Promise<RegisterResult>;
  config(): Promise<ServerConfig>;
}

export class AuthError extends Error {
  constructor(
    readonly errcode: string,
    message: string,
  ) {
    super(message);
  }
}

async function readJson(res: Response): Promise<Record<string, unknown>> {
  try {
    return (await res.json()) as Record<string, unknown>;
  } catch {
    return {};
  }
}

function toSession(homeserverUrl: string, body: Record<string, unknown>): Session {
  return { homeserverUrl, userId: String(body.user_id), accessToken: String(body.access_token), deviceId: String(body.device_id) };
}

function toUia(body: Record<string, unknown>): UiaState {
  const flows = Array.isArray(body.flows) ? (body.flows as { stages?: string[] }[]).map((f) => f.stages ?? []) : [];
  const params = (body.params ?? {}) as Record<string, { policies?: Record<string, Record<string, unknown>> }>;
  const policies: Policy[] = [];
  for (const [id, policy] of Object.entries(params['m.login.terms']?.policies ?? {})) {
    const version = String(policy.version ?? '');
    const lang = (policy.en ?? Object.values(policy).find((v) => typeof v === 'object' && v !== null)) as { name?: string; url?: string } | undefined;
    policies.push({ id, version, name: lang?.name ?? id, url: lang?.url ?? '' });
  }
  const error = typeof body.error === 'string' && body.errcode !== undefined ? body.error : null;
  return { session: typeof body.session === 'string' ? body.session : null, flows, completed: (body.completed as string[] | undefined) ?? [], policies, error };
}

export function createAuthApi(homeserverUrl: string, fetchFn: typeof fetch = (...args) => fetch(...args)): AuthApi {
  const post = (path: string, body: unknown) => fetchFn(`${homeserverUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return {
    async login(username, password) {
      const res = await post('/_matrix/client/v3/login', {
        type: 'm.login.password',
        identifier: { type: 'm.id.user', user: username },
        password,
        initial_device_display_name: 'Parley web',
      });
      const body = await readJson(res);
      if (!res.ok) throw new AuthError(String(body.errcode ?? 'M_UNKNOWN'), String(body.error ?? res.statusText));
      return toSession(homeserverUrl, body);
    },
    async register(username, password, auth) {
      const res = await post('/_matrix/client/v3/register?kind=user', {
        username,
        password,
        initial_device_display_name: 'Parley web',
        ...(auth ? { auth } : {}),
      });
      const body = await readJson(res);
      if (res.ok) return { kind: 'done', session: toSession(homeserverUrl, body) };
      if (res.status === 401 && Array.isArray(body.flows)) return { kind: 'auth', uia: toUia(body) };
      throw new AuthError(String(body.errcode ?? 'M_UNKNOWN'), String(body.error ?? res.statusText));
    },
    async config() {
      try {
        const res = await fetchFn(`${homeserverUrl}/_parley/client/v1/config`);
        if (!res.ok) return { serverName: null, suggestedRooms: [], registrationMode: null };
        const body = await readJson(res);
        const registration = (body.registration ?? {}) as { mode?: string };
        return {
          serverName: typeof body.server_name === 'string' ? body.server_name : null,
          suggestedRooms: Array.isArray(body.suggested_rooms) ? body.suggested_rooms.filter((r): r is string => typeof r === 'string') : [],
          registrationMode: registration.mode ?? null,
        };
      } catch {
        return { serverName: null, suggestedRooms: [], registrationMode: null };
      }
    },
  };
}
