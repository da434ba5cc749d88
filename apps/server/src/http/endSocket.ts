import type { Socket } from 'node:net';

/** How long a closing socket may linger so its client reads the last answer. */
const LINGER_MS = 2_000;

/**
 * Writes a last answer and closes a socket so the client can read it: half-close, drain
 * whatever the client still sends (closing with unread input would reset the connection
 * and may discard the answer), and destroy it after a short linger at the latest.
 */
export function endSocket(socket: Socket, answer: string): void {
  socket.on('error', () => socket.destroy());
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  socket.resume();
  if (socket.writable) socket.end(answer);
  else socket.destroy();
}
