import type net from 'node:net';
import { sourceAddress } from '../core/sourceAddress.ts';
import { connectTcp } from './LineSocket.ts';
import type { ChatClient, ClientHealth, OnBody } from './Target.ts';

interface Waiter {
  re: RegExp;
  resolve: () => void;
}

/**
 * Minimal XMPP c2s client over raw TCP: stream, SASL PLAIN, resource bind, MUC join
 * presence (no history), groupchat messages. Room N is rN@<mucDomain>. Outside the login
 * handshake only the unfinished last tag is kept between reads, so the presence of every
 * other occupant (a MUC sends one per member on join) costs no memory per idle client.
 */
export class XmppClient implements ChatClient {
  private sock?: net.Socket;
  private buf = '';
  private gen = 0;
  private waiter?: Waiter;
  private pending110 = 0;
  private joined?: () => void;
  private failure?: (e: Error) => void;
  private connected = false;
  private disconnects = 0;

  constructor(
    private readonly port: number,
    private readonly domain: string,
    private readonly mucDomain: string,
    private readonly user: number,
    private readonly onBody: OnBody,
  ) {}

  private header(): string {
    return `<?xml version='1.0'?><stream:stream to='${this.domain}' xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>`;
  }

  private expect(re: RegExp, write?: string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiter = { re, resolve };
      this.failure = reject;
      if (write) this.sock!.write(write);
      this.scan();
    });
  }

  async connect(): Promise<void> {
    this.buf = '';
    this.connected = false;
    const gen = ++this.gen;
    this.sock = await connectTcp(
      this.port,
      sourceAddress(this.user),
      (d) => {
        if (gen !== this.gen) return;
        this.buf += d;
        this.scan();
      },
      (e) => {
        if (gen !== this.gen) return;
        if (this.connected) {
          this.connected = false;
          this.disconnects++;
        }
        this.failure?.(e ?? new Error(`u${this.user}: xmpp connection closed`));
      },
    );
    await this.expect(/<\/stream:features>/, this.header());
    const auth = Buffer.from(`\0u${this.user}\0pw${this.user}`).toString('base64');
    await this.expect(/<success[\s/>]/, `<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>${auth}</auth>`);
    await this.expect(/<\/stream:features>/, this.header());
    await this.expect(
      /<iq[^>]*id=['"]b1['"][^>]*>|<iq[^>]*type=['"]result['"][^>]*id=['"]b1['"]/,
      `<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>b</resource></bind></iq>`,
    );
    this.connected = true;
  }

  private scan(): void {
    let i: number;
    let cut = 0;
    let unfinished = -1;
    while ((i = this.buf.indexOf('<body>', cut)) >= 0) {
      const j = this.buf.indexOf('</body>', i + 6);
      if (j < 0) {
        unfinished = i;
        break;
      }
      this.onBody(this.user, this.buf.slice(i + 6, j));
      cut = j + 7;
    }
    if (this.joined) {
      let k = 0;
      const re = /code=['"]110['"]/g;
      const region = this.buf;
      let m: RegExpExecArray | null;
      while ((m = re.exec(region))) {
        k++;
        cut = Math.max(cut, m.index + m[0].length);
      }
      if (k) {
        this.pending110 -= k;
        if (this.pending110 <= 0) {
          const done = this.joined;
          this.joined = undefined;
          done();
        }
      }
    }
    if (cut) {
      this.buf = this.buf.slice(cut);
      if (unfinished >= 0) unfinished -= cut;
    }
    if (/<stream:error|<failure[\s>]|<presence[^>]*type=['"]error['"]/.test(this.buf)) {
      this.failure?.(new Error(`u${this.user}: ${this.buf.slice(0, 300)}`));
      this.buf = '';
      return;
    }
    if (this.waiter) {
      const m = this.waiter.re.exec(this.buf);
      if (m) {
        const w = this.waiter;
        this.waiter = undefined;
        this.buf = this.buf.slice(m.index + m[0].length);
        w.resolve();
        return;
      }
    }
    if (!this.waiter) {
      // Everything complete has been looked at: keep only an unfinished <body> or the last,
      // possibly unfinished, tag.
      const open = unfinished >= 0 ? unfinished : this.buf.lastIndexOf('<');
      this.buf = open > 0 ? this.buf.slice(open) : open === 0 ? this.buf : '';
    }
  }

  join(rooms: readonly number[]): Promise<void> {
    if (rooms.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.pending110 = rooms.length;
      this.joined = resolve;
      this.failure = reject;
      this.sock!.write(
        rooms.map((r) => `<presence to='r${r}@${this.mucDomain}/u${this.user}'><x xmlns='http://jabber.org/protocol/muc'><history maxstanzas='0'/></x></presence>`).join(''),
      );
    });
  }

  send(room: number, body: string, onError: (e: Error) => void): void {
    this.sock!.write(`<message to='r${room}@${this.mucDomain}' type='groupchat'><body>${body}</body></message>`, (err) => err && onError(err));
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
