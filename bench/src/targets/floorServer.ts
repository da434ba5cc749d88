/**
 * The floor: a bare `ws` broadcast server. Rooms are sets of sockets; each message is
 * serialised once into one Buffer and written to every other member. With FLOOR_DB set,
 * every message is also inserted into SQLite (WAL, synchronous=NORMAL) before fan-out.
 * Protocol (JSON text frames): client {"t":"join","room":R} -> server {"t":"joined","room":R};
 * client {"t":"msg","room":R,"body":B} -> others {"room":R,"sender":S,"body":B}.
 * Run as its own process, pinned by the bench; bundled with esbuild before it is started.
 */
import { WebSocketServer, type WebSocket } from 'ws';
import Database from 'better-sqlite3';

const port = Number(process.env.FLOOR_PORT ?? 0);
const rooms = new Map<string, Set<WebSocket>>();
let insert: ((room: string, sender: number, body: string, ts: number) => void) | undefined;

if (process.env.FLOOR_DB) {
  const db = new Database(process.env.FLOOR_DB);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, room TEXT NOT NULL, sender INTEGER NOT NULL, body TEXT NOT NULL, ts INTEGER NOT NULL)');
  const stmt = db.prepare('INSERT INTO messages (room, sender, body, ts) VALUES (?, ?, ?, ?)');
  insert = (room, sender, body, ts) => void stmt.run(room, sender, body, ts);
}

let nextId = 0;
const wss = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false, skipUTF8Validation: true });
wss.on('connection', (ws) => {
  const id = nextId++;
  const joined: string[] = [];
  ws.on('message', (data) => {
    let m: { t?: string; room?: string; body?: string };
    try {
      m = JSON.parse(data.toString()) as typeof m;
    } catch {
      return;
    }
    if (typeof m.room !== 'string') return;
    if (m.t === 'join') {
      let set = rooms.get(m.room);
      if (!set) rooms.set(m.room, (set = new Set()));
      set.add(ws);
      joined.push(m.room);
      ws.send(JSON.stringify({ t: 'joined', room: m.room }));
    } else if (m.t === 'msg' && typeof m.body === 'string') {
      insert?.(m.room, id, m.body, Date.now());
      const buf = Buffer.from(JSON.stringify({ room: m.room, sender: id, body: m.body }));
      for (const peer of rooms.get(m.room) ?? []) if (peer !== ws) peer.send(buf);
    }
  });
  ws.on('close', () => joined.forEach((r) => rooms.get(r)?.delete(ws)));
  ws.on('error', () => ws.terminate());
});
wss.on('listening', () => console.log(`floor listening on ${port}${insert ? ' with sqlite' : ''}`));
process.on('SIGTERM', () => process.exit(0));
