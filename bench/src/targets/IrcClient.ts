import type net from 'node:net';
import { sourceAddress } from '../core/sourceAddress.ts';
import { connectTcp } from './LineSocket.ts';
import type { ChatClient, ClientHealth, OnBody } from './Target.ts';

/**
 * Minimal IRC client: NICK/USER, JOIN, PRIVMSG, PING/PONG. Channel #rN is room N. Lines
 * other than PRIVMSG, PING, numerics and ERROR (other members' JOINs, NAMES lists) are
 * skipped without being split, so thousands of idle clients in a big channel stay cheap.
 */
export class IrcClient implements ChatClient {
  private sock?: net.Socket;
  private buf = '';
  private gen = 0;
  private welcomed?: () => void;
  private joins = new Map<string, () => void>();
  private failure?: (e: Error) => void;
  private connected = false;
  private disconnects = 0;

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
    this.connected = false;
    const gen = ++this.gen;
    const welcomed = new Promise<void>((resolve, reject) => {
      this.welcomed = resolve;
      this.failure = reject;
    });
    this.sock = await connectTcp(
      this.port,
      sourceAddress(this.user),
      (d) => gen === this.gen && this.onData(d),
      (e) => {
        if (gen !== this.gen) return;
        if (this.connected) {
          this.connected = false;
          this.disconnects++;
        }
        this.failure?.(e ?? new Error(`${this.nick}: connection closed`));
      },
    );
    this.sock.write(`NICK ${this.nick}\r\nUSER ${this.nick} 0 * :bench\r\n`);
    await welcomed;
    this.connected = true;
  }

  private onData(chunk: string): void {
    const buf = this.buf ? this.buf + chunk : chunk;
    let start = 0;
    let i: number;
    while ((i = buf.indexOf('\n', start)) >= 0) {
      const end = buf.charCodeAt(i - 1) === 13 ? i - 1 : i;
      this.onLine(buf.slice(start, end));
      start = i + 1;
    }
    this.buf = start < buf.length ? buf.slice(start) : '';
  }

  private onLine(line: string): void {
    // ":prefix CMD args": find CMD without splitting the line.
    const sp = line.charCodeAt(0) === 58 ? line.indexOf(' ') : -1;
    if (line.startsWith('PING')) {
      this.sock?.write(`PONG${line.slice(4)}\r\n`);
      return;
    }
    if (line.startsWith('ERROR')) {
      this.failure?.(new Error(`${this.nick}: ${line}`));
      return;
    }
    if (sp < 0) return;
    const sp2 = line.indexOf(' ', sp + 1);
    const cmd = line.slice(sp + 1, sp2 < 0 ? line.length : sp2);
    if (cmd === 'PRIVMSG') {
      const colon = line.indexOf(' :', sp2);
      if (colon > 0) this.onBody(this.user, line.slice(colon + 2));
      return;
    }
    const c0 = cmd.charCodeAt(0);
    if (cmd.length !== 3 || c0 < 48 || c0 > 57) return; // JOIN/PART/MODE/NOTICE ...: nothing to do
    if (cmd === '001') this.welcomed?.();
    else if (cmd === '366') {
      // end of NAMES: the join is complete
      const ch = (line.slice(sp2 + 1).split(' ')[1] ?? '').toLowerCase();
      this.joins.get(ch)?.();
      this.joins.delete(ch);
    } else if ((c0 === 52 || c0 === 53) && cmd !== '421') {
      this.failure?.(new Error(`${this.nick}: ${line}`));
    }
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
    this.connected = false;
    this.gen++;
    this.sock?.destroy();
  }

  health(): ClientHealth {
    return { disconnects: this.disconnects };
  }
}
