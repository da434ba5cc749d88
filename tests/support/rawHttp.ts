import { connect, type Socket } from 'node:net';

/** A parsed HTTP/1.1 response read off a raw socket. */
export interface RawHttpResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A raw TCP connection to a test server: what it received so far, and whether the server closed it. */
export interface RawConnection {
  socket: Socket;
  received(): string;
  isClosed(): boolean;
  /** Resolves once the connection is closed (by either side). */
  closed: Promise<void>;
}

/** Opens a TCP connection to the server at `baseUrl` (http://host:port) and collects what it answers. */
export async function openRaw(baseUrl: string): Promise<RawConnection> {
  const { hostname, port } = new URL(baseUrl);
  const socket = connect(Number(port), hostname);
  const chunks: Buffer[] = [];
  let isClosed = false;
  socket.on('data', (c: Buffer) => chunks.push(c));
  socket.on('error', () => {});
  const closed = new Promise<void>((resolve) =>
    socket.once('close', () => {
      isClosed = true;
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  return { socket, received: () => Buffer.concat(chunks).toString('latin1'), isClosed: () => isClosed, closed };
}

/** Parses the first response in `text`; throws if there is none. */
export function parseRawResponse(text: string): RawHttpResponse {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) throw new Error(`no HTTP response in ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = text.slice(end + 4);
  if (headers['content-length'] !== undefined) body = body.slice(0, Number(headers['content-length']));
  else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) body = dechunk(body);
  return { status, headers, body };
}

function dechunk(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const nl = text.indexOf('\r\n', at);
    if (nl === -1) return out;
    const size = parseInt(text.slice(at, nl), 16);
    if (!size) return out;
    out += text.slice(nl + 2, nl + 2 + size);
    at = nl + 2 + size + 2;
  }
}

/** Sends `request` on a fresh connection and resolves with the first response once it is complete (or the server closed the connection). */
export async function rawRequest(baseUrl: string, request: string | Buffer): Promise<RawHttpResponse> {
  const conn = await openRaw(baseUrl);
  conn.socket.write(request);
  await new Promise<void>((resolve) => {
    const check = (): void => {
      if (conn.isClosed() || isComplete(conn.received())) {
        conn.socket.off('data', check);
        resolve();
      }
    };
    conn.socket.on('data', check);
    void conn.closed.then(check);
  });
  conn.socket.destroy();
  return parseRawResponse(conn.received());
}

function isComplete(text: string): boolean {
  const end = text.indexOf('\r\n\r\n');
  if (end === -1) return false;
  const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, end))?.[1];
  if (length !== undefined) return text.length - end - 4 >= Number(length);
  return /\r\n0\r\n\r\n$/.test(text);
}

/**
 * Writes `step` every `everyMs` until the server closes the connection or `maxSteps`
 * were written; returns how many were written (maxSteps means it never closed).
 */
export async function trickle(conn: RawConnection, step: string, everyMs: number, maxSteps: number): Promise<number> {
  let steps = 0;
  while (steps < maxSteps && !conn.isClosed()) {
    await new Promise((r) => setTimeout(r, everyMs));
    if (conn.isClosed() || conn.socket.writableEnded) break;
    conn.socket.write(step);
    steps++;
  }
  return steps;
}
