import { randomBytes } from 'node:crypto';
import { checkResponseContract } from './checkResponseContract.ts';

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A thin HTTP client for the Matrix API, as a test sees it: status and JSON body, nothing hidden. */
export class Api {
  constructor(
    readonly baseUrl: string,
    readonly accessToken?: string,
  ) {}

  withToken(token: string): Api {
    return new Api(this.baseUrl, token);
  }

  async request<T = any>(method: string, path: string, body?: unknown, init: { headers?: Record<string, string>; rawBody?: string } = {}): Promise<ApiResponse<T>> {
    const url = path.startsWith('http')
      ? path
      : `${this.baseUrl}${path.startsWith('/_matrix') || path.startsWith('/_parley') || path.startsWith('/.well-known') ? '' : '/_matrix/client/v3'}${path}`;
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (this.accessToken) headers.authorization = `Bearer ${this.accessToken}`;
    let payload: string | undefined = init.rawBody;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(url, { method, headers, ...(payload !== undefined ? { body: payload } : {}) });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* keep text */
    }
    if (res.ok) checkResponseContract(method, new URL(url).pathname, parsed);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  get<T = any>(path: string): Promise<ApiResponse<T>> {
    return this.request<T>('GET', path);
  }
  post<T = any>(path: string, body: unknown = {}): Promise<ApiResponse<T>> {
    return this.request<T>('POST', path, body);
  }
  put<T = any>(path: string, body: unknown = {}): Promise<ApiResponse<T>> {
    return this.request<T>('PUT', path, body);
  }
  delete<T = any>(path: string, body?: unknown): Promise<ApiResponse<T>> {
    return this.request<T>('DELETE', path, body);
  }
}

export interface TestUser {
  userId: string;
  deviceId: string;
  accessToken: string;
  localpart: string;
  password: string;
  api: Api;
}

let counter = 0;
export function uniqueName(prefix = 'user'): string {
  counter += 1;
  return `${prefix}${counter}_${randomBytes(3).toString('hex')}`;
}

/** Registers a user through the public API (dummy auth) and returns a client holding its token. */
export async function registerUser(baseUrl: string, localpart = uniqueName(), password = 'correct horse battery staple'): Promise<TestUser> {
  const api = new Api(baseUrl);
  const res = await api.post('/register', { username: localpart, password, auth: { type: 'm.login.dummy' } });
  if (res.status !== 200) throw new Error(`register failed: ${res.status} ${JSON.stringify(res.body)}`);
  return { userId: res.body.user_id, deviceId: res.body.device_id, accessToken: res.body.access_token, localpart, password, api: api.withToken(res.body.access_token) };
}

/** Asserts the shape of a Matrix error and returns it. */
export function expectError(res: ApiResponse, status: number, errcode: string): void {
  if (res.status !== status || res.body?.errcode !== errcode) {
    throw new Error(`expected ${status} ${errcode}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  if (typeof res.body.error !== 'string') throw new Error(`error message missing in ${JSON.stringify(res.body)}`);
}
