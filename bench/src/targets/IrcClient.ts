import type net from 'node:net';
import { connectTcp } from './LineSocket.ts';
import type { ChatClient, OnBody } from './Target.ts';

/** Minimal IRC client: NICK/USER, JOIN, PRIVMSG, PING/PONG. Channel #rN is room N. */
export class IrcClient implements ChatClient {
  private sock?: net.Socket;
  private buf = '';
  private gen = 0;
  private welcomed?: () => void;
  private joins = new Map<string, () => void>();
  private failure?: (e: Error) => void;

  constructor(
    private readonly port: number,
    private readonly user: number,
    private readonly onBody: OnBody,
  ) {}

  private get nick(): string {
    return `u${this.user}`;
  }

  async connect(): Promise<void> {
    this.buf = '';
    const gen = ++this.gen;
    const welcomed = new Promise<void>((resolve, reject) => {
      this.welcomed = resolve;
      this.failure = reject;
    });
    this.sock = await connectTcp(
      this.port,
      (d) => gen === this.gen && this.onData(d),
      (e) => gen === this.gen && this.failure?.(e ?? new Error(`${this.nick}: connection closed`)),
    );
    this.sock.write(`NICK ${this.nick}\r\nUSER ${this.nick} 0 * :bench\r\n`);
    await welcomed;
  }

  private onData(chunk: string): void {
    this.buf += chunk;
    let i: number;
    while ((i = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.charCodeAt(i - 1) === 13 ? this.buf.slice(0, i - 1) : this.buf.slice(0, i);
      this.buf = this.buf.slice(i + 1);
      this.onLine(line);
    }
  }

  private onLine(line: string): void {
    // Fast path: ":nick!u@h PRIVMSG #rN :body"
    const pm = line.indexOf(' PRIVMSG ');
    if (pm > 0) {
      const colon = line.indexOf(' :', pm + 9);
      if (colon > 0) this.onBody(this.user, line.slice(colon + 2));
      return;
    }
    if (line.startsWith('PING')) {
      this.sock?.write(`PONG${line.slice(4)}\r\n`);
      return;
    }
    const parts = line.split(' ');
    const cmd = parts[1];
    if (cmd === '001') this.welcomed?.();
    else if (cmd === '366') {
      // end of NAMES: the join is complete
      const ch = parts[3] ?? '';
      this.joins.get(ch.toLowerCase())?.();
      this.joins.delete(ch.toLowerCase());
    } else if (cmd && /^(4|5)\d\d$/.test(cmd) && cmd !== '421') {
      this.failure?.(new Error(`${this.nick}: ${line}`));
    } else if (line.startsWith('ERROR')) this.failure?.(new Error(`${this.nick}: ${line}`));
  }

  async join(rooms: readonly number[]): Promise<void> {
    const waits = rooms.map((r) => new Promise<void>((resolve) => this.joins.set(`#r${r}`, resolve)));
    this.sock!.write(rooms.map((r) => `JOIN #r${r}\r\n`).join(''));
    await Promise.all(waits);
  }

  send(room: number, body: string, onError: (e: Error) => void): void {
    this.sock!.write(`PRIVMSG #r${room} :${body}\r\n`, (err) => err && onError(err));
  }

  close(): void {
    this.failure = undefined;
    this.gen++;
    this.sock?.destroy();
  }
}
