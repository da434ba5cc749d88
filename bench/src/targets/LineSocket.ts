import net from 'node:net';

/** A TCP connection to loopback with TCP_NODELAY, delivering data as latin1 strings. */
export function connectTcp(port: number, onData: (chunk: string) => void, onClose: (err?: Error) => void): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1', noDelay: true });
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
