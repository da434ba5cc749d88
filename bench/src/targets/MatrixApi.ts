import { Pool } from 'undici';

export interface Session {
  userId: string;
  accessToken: string;
  deviceId: string;
}

/** Thin Matrix Client-Server API caller over one keep-alive undici pool (everything but /sync). */
export class MatrixApi {
  readonly pool: Pool;

  constructor(
    readonly origin: string,
    connections = 32,
  ) {
    this.pool = new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 120_000, headersTimeout: 60_000, bodyTimeout: 60_000 });
  }

  /** Returns [status, parsed JSON body]. */
  async call(method: 'GET' | 'POST' | 'PUT', path: string, token?: string, body?: unknown): Promise<[number, Record<string, unknown>]> {
    const res = await this.pool.request({
      method,
      path: `/_matrix/client/v3${path}`,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.body.text();
    let json: Record<string, unknown>;
    try {
      json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
    } catch {
      json = { raw: text };
    }
    return [res.statusCode, json];
  }

  /** Like call() but throws on a non-2xx status. */
  async ok(method: 'GET' | 'POST' | 'PUT', path: string, token?: string, body?: unknown): Promise<Record<string, unknown>> {
    const [status, json] = await this.call(method, path, token, body);
    if (status < 200 || status >= 300) throw new Error(`${method} ${path}: ${status} ${JSON.stringify(json).slice(0, 300)}`);
    return json;
  }

  async register(username: string, password: string): Promise<Session> {
    const j = await this.ok('POST', '/register', undefined, { username, password, auth: { type: 'm.login.dummy' } });
    return { userId: String(j.user_id), accessToken: String(j.access_token), deviceId: String(j.device_id) };
  }

  async login(username: string, password: string): Promise<Session> {
    const j = await this.ok('POST', '/login', undefined, { type: 'm.login.password', identifier: { type: 'm.id.user', user: username }, password });
    return { userId: String(j.user_id), accessToken: String(j.access_token), deviceId: String(j.device_id) };
  }

  async createRoom(token: string): Promise<string> {
    const j = await this.ok('POST', '/createRoom', token, { preset: 'public_chat' });
    return String(j.room_id);
  }

  async join(token: string, roomId: string): Promise<void> {
    await this.ok('POST', `/join/${encodeURIComponent(roomId)}`, token, {});
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
