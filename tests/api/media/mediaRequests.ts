// Raw HTTP for media tests: uploads send bytes (not JSON) and downloads return bytes, so these
// go through fetch directly rather than the JSON Api client.
export interface RawResponse {
  status: number;
  headers: Headers;
  bytes: Buffer;
  /** The body parsed as JSON when it is JSON (error answers), else undefined. */
  json: any;
}

export async function rawRequest(url: string, init: { method?: string; token?: string; body?: Buffer | string; headers?: Record<string, string> } = {}): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(init.headers ?? {}) };
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers,
    ...(init.body !== undefined ? { body: typeof init.body === 'string' ? init.body : new Uint8Array(init.body) } : {}),
  });
  const bytes = Buffer.from(await res.arrayBuffer());
  let json: unknown;
  if ((res.headers.get('content-type') ?? '').startsWith('application/json')) {
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      json = undefined;
    }
  }
  return { status: res.status, headers: res.headers, bytes, json };
}

/** POST /_matrix/media/v3/upload; returns the response (content_uri in json on success). */
export function upload(base: string, token: string, body: Buffer | string, contentType = 'application/octet-stream', fileName?: string): Promise<RawResponse> {
  const q = fileName !== undefined ? `?filename=${encodeURIComponent(fileName)}` : '';
  return rawRequest(`${base}/_matrix/media/v3/upload${q}`, { method: 'POST', token, body, headers: { 'content-type': contentType } });
}

/** Uploads and returns the mxc URI's server name and media ID; throws unless 200. */
export async function uploadOk(
  base: string,
  token: string,
  body: Buffer | string,
  contentType?: string,
  fileName?: string,
): Promise<{ uri: string; server: string; mediaId: string }> {
  const res = await upload(base, token, body, contentType, fileName);
  if (res.status !== 200) throw new Error(`upload failed: ${res.status} ${res.bytes.toString('utf8')}`);
  const uri = res.json.content_uri as string;
  const [server, mediaId] = uri.slice('mxc://'.length).split('/') as [string, string];
  return { uri, server, mediaId };
}

/** Asserts a Matrix error answer. */
export function expectRawError(res: RawResponse, status: number, errcode: string): void {
  if (res.status !== status || res.json?.errcode !== errcode) throw new Error(`expected ${status} ${errcode}, got ${res.status} ${res.bytes.toString('utf8').slice(0, 300)}`);
}
