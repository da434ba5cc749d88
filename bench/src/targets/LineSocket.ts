import net from 'node:net';

/**
 * A TCP connection to loopback with TCP_NODELAY, delivering data as UTF-8 strings. The
 * socket is bound to `localAddress` (one of 127.0.0.2…60, see core/sourceAddress.ts).
 */
export function connectTcp(port: number, localAddress: string, onData: (chunk: string) => void, onClose: (err?: Error) => void): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress, noDelay: true });
    s.setEncoding('utf8');
    s.once('connect', () => resolve(s));
    s.once('error', (e) => {
      reject(e);
      onClose(e);
    });
    s.on('data', (d: string) => onData(d));
    s.on('close', () => onClose());
  });
}
