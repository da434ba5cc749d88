import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { MatrixError } from '../errors/MatrixError.ts';
import { endSocket } from './endSocket.ts';
import { rawErrorResponse } from './rawErrorResponse.ts';

type ConnectionListener = (socket: Socket) => void;

/**
 * Caps the connections open at once from one client address: a connection past the cap
 * never reaches the HTTP parser. Over plain HTTP it gets a 429 M_LIMIT_EXCEEDED and is
 * closed; over TLS (no handshake yet, so nothing to answer in) it is closed.
 * Wraps the server's own 'connection' listeners (HTTP's, or TLS's), so it must run after
 * the server is created and before it listens. `max` 0 means no cap.
 */
export function limitConnectionsPerIp(server: Server, max: number): void {
  if (max <= 0) return;
  const open = new Map<string, number>();
  const listeners = server.listeners('connection') as ConnectionListener[];
  const tls = typeof (server as { addContext?: unknown }).addContext === 'function';
  server.removeAllListeners('connection');
  server.on('connection', (socket: Socket) => {
    const ip = socket.remoteAddress ?? '';
    const count = open.get(ip) ?? 0;
    if (count >= max) {
      if (tls) socket.destroy();
      else
        endSocket(socket, rawErrorResponse(new MatrixError('M_LIMIT_EXCEEDED', 'Too many connections from this address', { retry_after_ms: 1000 }, 429, { 'retry-after': '1' })));
      return;
    }
    open.set(ip, count + 1);
    socket.once('close', () => {
      const left = (open.get(ip) ?? 1) - 1;
      if (left <= 0) open.delete(ip);
      else open.set(ip, left);
    });
    for (const listener of listeners) listener.call(server, socket);
  });
}
