// A push gateway for tests: a real HTTP server on 127.0.0.1 that records every notification
// POSTed to /_matrix/push/v1/notify and answers as the test scripts it (by default
// 200 {"rejected": []}). The server under test may reach it only on its own port
// (push.ip_range_allowlist with a port), as an operator would open an internal gateway.
import { createServer, type Server } from 'node:http';

export const NOTIFY_PATH = '/_matrix/push/v1/notify';

/** One request the gateway received: its path and parsed `notification`. */
export interface Received {
  path: string;
  notification: Record<string, any>;
}

/** How the gateway answers one request (to `pushkey` only, when given). */
export interface Answer {
  status: number;
  body?: unknown;
  pushkey?: string;
  /** Never answer (the connection stays open until the gateway closes). */
  hang?: boolean;
}

export interface PushGateway {
  port: number;
  /** The pusher `data.url` for this gateway. */
  url: string;
  /** Every request, in arrival order. */
  received: Received[];
  /** Answers for the next requests, in order (the first one for the request's pushkey); none left: 200 {"rejected": []}. */
  answers: Answer[];
  /** Resolves with the first received request (from `from` on) that matches, or rejects after `timeoutMs`. */
  waitFor(match: (r: Received) => boolean, timeoutMs?: number, from?: number): Promise<Received>;
  close(): Promise<void>;
}

export async function startPushGateway(): Promise<PushGateway> {
  const received: Received[] = [];
  const answers: Answer[] = [];
  const listeners = new Set<() => void>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let notification: Record<string, any> = {};
      try {
        notification = (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { notification: Record<string, any> }).notification;
      } catch {
        /* recorded as {} */
      }
      const pushkey = (notification.devices as Array<{ pushkey?: string }> | undefined)?.[0]?.pushkey;
      const index = answers.findIndex((a) => a.pushkey === undefined || a.pushkey === pushkey);
      const answer = index >= 0 ? answers.splice(index, 1)[0]! : { status: 200, body: { rejected: [] } };
      received.push({ path: req.url ?? '', notification });
      if (answer.hang) {
        for (const l of listeners) l();
        return;
      }
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body ?? {}));
      for (const l of listeners) l();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    port,
    url: `http://127.0.0.1:${port}${NOTIFY_PATH}`,
    received,
    answers,
    waitFor(match, timeoutMs = 10_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const hit = received.slice(from).find(match);
          if (!hit) return false;
          listeners.delete(onRequest);
          clearTimeout(timer);
          resolve(hit);
          return true;
        };
        const onRequest = (): void => void check();
        const timer = setTimeout(() => {
          listeners.delete(onRequest);
          reject(new Error(`push gateway: no matching notification within ${timeoutMs} ms (received ${JSON.stringify(received.slice(from))})`));
        }, timeoutMs);
        listeners.add(onRequest);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
