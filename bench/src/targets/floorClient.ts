import WebSocket from 'ws';
import { sourceAddress } from '../core/sourceAddress.ts';
import type { ChatClient, ClientHealth, OnBody } from './Target.ts';

/** Client of the floor's WebSocket protocol (see floorServer.ts), from its own source address. */
export class FloorClient implements ChatClient {
  private ws?: WebSocket;
  private pendingJoins = new Map<string, () => void>();
  private closing = false;
  private disconnects = 0;

  constructor(
    private readonly url: string,
    private readonly user: number,
    private readonly onBody: OnBody,
  ) {}

  connect(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.closing = false;
      const ws = new WebSocket(this.url, { perMessageDeflate: false, skipUTF8Validation: true, localAddress: sourceAddress(this.user) });
      this.ws = ws;
      ws.once('open', () => {
        (ws as unknown as { _socket?: { setNoDelay(v: boolean): void } })._socket?.setNoDelay(true);
        ws.once('close', () => {
          if (!this.closing) this.disconnects++;
        });
        resolve();
      });
      ws.once('error', reject);
      ws.on('message', (data) => {
        const m = JSON.parse(data.toString()) as { t?: string; room?: string; body?: string };
        if (m.t === 'joined' && m.room) {
          this.pendingJoins.get(m.room)?.();
          this.pendingJoins.delete(m.room);
        } else if (typeof m.body === 'string') this.onBody(this.user, m.body);
      });
    });
  }

  async join(rooms: readonly number[]): Promise<void> {
    await Promise.all(
      rooms.map(
        (r) =>
          new Promise<void>((resolve) => {
            this.pendingJoins.set(`r${r}`, resolve);
            this.ws!.send(JSON.stringify({ t: 'join', room: `r${r}` }));
          }),
      ),
    );
  }

  send(room: number, body: string, onError: (e: Error) => void): void {
    this.ws!.send(JSON.stringify({ t: 'msg', room: `r${room}`, body }), (err) => err && onError(err));
  }

  close(): void {
    this.closing = true;
    this.ws?.terminate();
  }

  health(): ClientHealth {
    return { disconnects: this.disconnects };
  }
}
