import net from 'node:net';

export interface HttpReply {
  status: number;
  body: string;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');

/**
 * One keep-alive HTTP/1.1 connection from a chosen loopback source address that carries
 * one GET at a time: a user's /sync long-poll. It holds a socket and a few fields, several
 * times less driver memory and CPU per user than an undici Client, so one driver core can
 * hold tens of thousands of idle syncing users. Reads Content-Length and chunked bodies;
 * opens a new connection when the server closed the last one.
 */
export class LongPollSocket {
  private sock?: net.Socket;
  private acc?: Buffer;
  private pending?: { resolve: (r: HttpReply) => void; reject: (e: Error) => void; got: boolean; reused: boolean; request: string };
  private keepAlive = true;
  private opened = 0;

  constructor(
    private readonly host: string,
    private readonly port: number,
    private readonly localAddress: string,
    /** Longest silence on a request before it fails (the long-poll timeout plus a margin). */
    private readonly idleTimeoutMs: number,
  ) {}

  /** GET `path` with extra header lines (each ending in \r\n). */
  get(path: string, headerLines: string): Promise<HttpReply> {
    if (this.pending) return Promise.reject(new Error('LongPollSocket: a request is already in flight'));
    const request = `GET ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\n${headerLines}\r\n`;
    return new Promise<HttpReply>((resolve, reject) => {
      this.pending = { resolve, reject, got: false, reused: this.sock !== undefined, request };
      this.write(request);
    });
  }

  private write(request: string): void {
    if (!this.sock) this.open();
    this.sock!.write(request);
  }

  /** Connections opened after the first (the server closed or reset the previous one). */
  get reconnects(): number {
    return Math.max(0, this.opened - 1);
  }

  private open(): void {
    this.opened++;
    const s = net.connect({ host: this.host, port: this.port, localAddress: this.localAddress, noDelay: true });
    s.setTimeout(this.idleTimeoutMs);
    s.on('data', (chunk: Buffer) => this.onData(s, chunk));
    s.on('timeout', () => {
      if (this.pending) this.pending.reused = false; // no second wait on a server that does not answer
      s.destroy();
    });
    s.on('error', () => undefined); // 'close' follows with hadError
    s.on('close', () => this.onClose(s));
    this.sock = s;
    this.acc = undefined;
    this.keepAlive = true;
  }

  private onClose(s: net.Socket): void {
    if (this.sock !== s) return;
    this.sock = undefined;
    this.acc = undefined;
    const p = this.pending;
    if (!p) return;
    // A keep-alive connection the server closed just as we reused it: send once more on a new one.
    if (p.reused && !p.got) {
      p.reused = false;
      this.write(p.request);
      return;
    }
    this.pending = undefined;
    p.reject(new Error('connection closed before the response'));
  }

  private onData(s: net.Socket, chunk: Buffer): void {
    if (this.sock !== s || !this.pending) return;
    this.pending.got = true;
    const acc = this.acc ? Buffer.concat([this.acc, chunk]) : chunk;
    const reply = this.parse(acc);
    if (!reply) {
      this.acc = acc;
      return;
    }
    this.acc = undefined;
    const p = this.pending;
    this.pending = undefined;
    if (!this.keepAlive) {
      this.sock = undefined;
      s.destroy();
    }
    p?.resolve(reply);
  }

  /** A complete response in `acc`, or undefined while more bytes are due. */
  private parse(acc: Buffer): HttpReply | undefined {
    const headEnd = acc.indexOf(CRLFCRLF);
    if (headEnd < 0) return undefined;
    const head = acc.toString('latin1', 0, headEnd);
    const status = Number(head.slice(9, 12));
    const lower = head.toLowerCase();
    this.keepAlive = !/\r\nconnection:\s*close/.test(lower);
    const bodyStart = headEnd + 4;
    const len = /\r\ncontent-length:\s*(\d+)/.exec(lower);
    if (len) {
      const end = bodyStart + Number(len[1]);
      return acc.length >= end ? { status, body: acc.toString('utf8', bodyStart, end) } : undefined;
    }
    if (/\r\ntransfer-encoding:[^\r]*chunked/.test(lower)) {
      const parts: Buffer[] = [];
      let at = bodyStart;
      for (;;) {
        const lineEnd = acc.indexOf('\r\n', at);
        if (lineEnd < 0) return undefined;
        const size = parseInt(acc.toString('latin1', at, lineEnd), 16);
        if (size === 0) return acc.length >= lineEnd + 4 ? { status, body: Buffer.concat(parts).toString('utf8') } : undefined;
        if (acc.length < lineEnd + 2 + size + 2) return undefined;
        parts.push(acc.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
    }
    // No length: the body runs until the server closes (not expected from Parley).
    this.keepAlive = false;
    return status === 204 || status === 304 ? { status, body: '' } : undefined;
  }

  close(): void {
    const s = this.sock;
    this.sock = undefined;
    const p = this.pending;
    this.pending = undefined;
    s?.destroy();
    p?.reject(new Error('closed'));
  }
}
