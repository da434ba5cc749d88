import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { RoomId, UserId } from '@parley/protocol';
import { resolveConfig, type Config } from '../../../apps/server/src/config.ts';
import type { AppDeps } from '../../../apps/server/src/deps.ts';
import type { Principal } from '../../../apps/server/src/identity/Principal.ts';
import { authenticate } from '../../../apps/server/src/http/authenticate.ts';
import { prepareServer, makeLogger } from '../../../apps/server/src/startServer.ts';
import type { Database } from '../../../apps/server/src/storage/openDatabase.ts';
import type { Db, Tx } from '../../../apps/server/src/storage/schema.ts';
import type { PasswordHasher } from '../../../apps/server/src/security/passwords.ts';
import { registerUser } from '../../../apps/server/src/actions/registerUser.ts';
import { createSession } from '../../../apps/server/src/actions/createSession.ts';
import { createRoom } from '../../../apps/server/src/actions/createRoom.ts';
import { changeMembership } from '../../../apps/server/src/actions/changeMembership.ts';
import { sendEvent } from '../../../apps/server/src/actions/sendEvent.ts';
import { writeToRoom } from '../../../apps/server/src/rooms/writeToRoom.ts';
import { ChangeFeed } from '../../../apps/server/src/feed/ChangeFeed.ts';
import { wakeNotifier } from '../../../apps/server/src/feed/wakeNotifier.ts';
import { Notifier, type ChangeKind } from '../../../apps/server/src/sync/Notifier.ts';
import { appendMessages } from './appendMessages.ts';

export interface SeededSession {
  userId: string;
  accessToken: string;
  deviceId: string;
}

export interface BulkWriterOptions {
  /** SQLite data dir (as `parley start --data-dir`). */
  dataDir: string;
  /** postgres://... to write to PostgreSQL instead. */
  databaseUrl?: string;
  /** Server name; must match the one the server is started with. */
  serverName?: string;
}

/**
 * Writes a dataset straight into Parley's storage by calling the server's own actions
 * (registerUser, createSession, createRoom, changeMembership, sendEvent) on the deps the
 * server builds for itself (prepareServer: open, migrate, signing key), with no HTTP.
 * The rows are the ones the server would write; only the cost is cut:
 * - one argon2id hash per distinct password (every user given the same password shares
 *   one salted hash, which verifies like any other);
 * - the notifier only tracks the stream position (nobody is listening), so a join into a
 *   big room does not walk the room's members a second time;
 * - `batch()` runs many actions in one transaction, and commits are not fsynced one by one
 *   (SQLite: synchronous=OFF and a large page cache on this connection while seeding; the
 *   WAL is synced and checkpointed once at close).
 */
export class BulkWriter {
  private constructor(
    private readonly app: FastifyInstance,
    /** The server's deps, with the password hasher memoised and per-commit flushes skipped. */
    readonly deps: AppDeps,
  ) {}

  static async open(opts: BulkWriterOptions): Promise<BulkWriter> {
    const env: Record<string, string> = { PARLEY_SERVER_NAME: opts.serverName ?? 'localhost', PARLEY_RATE_LIMITS_ENABLED: 'false', PARLEY_LOG_LEVEL: 'warn' };
    if (opts.databaseUrl) env.PARLEY_DATABASE_URL = opts.databaseUrl;
    const config: Config = resolveConfig({}, env, { dataDir: opts.dataDir });
    const { app, deps } = await prepareServer(config, makeLogger(config));
    const database = deps.database;
    if (database.dialect === 'sqlite') {
      await sql`PRAGMA synchronous = OFF`.execute(database.db);
      await sql`PRAGMA cache_size = -1048576`.execute(database.db);
    }
    const fast: Database = { ...database, transaction: (fn) => database.db.transaction().execute(fn) };
    const notifier = new QuietNotifier();
    // The feed wakes the quiet notifier only (nobody is listening while seeding).
    const feed = new ChangeFeed(fast, deps.log, deps.now);
    feed.subscribe(wakeNotifier(notifier));
    return new BulkWriter(app, { ...deps, database: fast, passwords: memoised(deps.passwords), notifier, feed });
  }

  /**
   * Runs `fn` with deps whose every transaction (and every plain query) joins one open
   * transaction, so a batch of actions commits once. Actions run one after another inside.
   */
  batch<T>(fn: (deps: AppDeps) => Promise<T>): Promise<T> {
    return this.deps.database.db.transaction().execute(async (tx) => {
      const inner: Database = { ...this.deps.database, db: tx as unknown as Db, transaction: (f: (t: Tx) => Promise<unknown>) => f(tx) } as Database;
      return fn({ ...this.deps, database: inner });
    });
  }

  /** Registers users with one password (hashed once), each with a session; returns them in order. */
  async registerUsers(localparts: readonly string[], password: string, perBatch = 500): Promise<SeededSession[]> {
    const out: SeededSession[] = [];
    for (let i = 0; i < localparts.length; i += perBatch) {
      const chunk = localparts.slice(i, i + perBatch);
      await this.batch(async (deps) => {
        for (const localpart of chunk) {
          const userId = await registerUser(deps, { localpart, password });
          const s = await createSession(deps, deps.database.db, { userId, refreshToken: false, ip: '127.0.0.1' });
          out.push({ userId, accessToken: s.access_token, deviceId: s.device_id });
        }
      });
    }
    return out;
  }

  /** A new session (device and access token) for an existing user, as /login makes. */
  async login(userId: string): Promise<SeededSession> {
    const s = await createSession(this.deps, this.deps.database.db, { userId: userId as UserId, refreshToken: false, ip: '127.0.0.1' });
    return { userId, accessToken: s.access_token, deviceId: s.device_id };
  }

  /** The caller as the server's auth step sees it (and proof that the token is valid). */
  async auth(session: SeededSession): Promise<Principal> {
    const request = { headers: { authorization: `Bearer ${session.accessToken}` }, query: {}, ip: '127.0.0.1' } as unknown as FastifyRequest;
    return authenticate(this.deps.database.db, request, this.deps.now());
  }

  /** Creates public rooms (preset public_chat, as the bench's HTTP client does). */
  async createRooms(creators: readonly Principal[], perBatch = 200): Promise<RoomId[]> {
    const out: RoomId[] = [];
    for (let i = 0; i < creators.length; i += perBatch) {
      const chunk = creators.slice(i, i + perBatch);
      await this.batch(async (deps) => {
        for (const auth of chunk) out.push((await createRoom(deps, auth, { preset: 'public_chat' })).roomId);
      });
    }
    return out;
  }

  /** Joins each (user, room) pair, in order. */
  async joinAll(joins: ReadonlyArray<readonly [Principal, RoomId]>, perBatch = 1000): Promise<void> {
    for (let i = 0; i < joins.length; i += perBatch) {
      const chunk = joins.slice(i, i + perBatch);
      await this.batch(async (deps) => {
        for (const [auth, roomId] of chunk) await changeMembership(deps, auth, { roomId, change: 'join', target: auth.userId });
      });
    }
  }

  /** Sends m.text messages `from`..`to`-1 with txn IDs `${txnPrefix}${i}`, `perBatch` per transaction. */
  async sendMessages(
    auth: Principal,
    roomId: RoomId,
    from: number,
    to: number,
    body: (i: number) => string,
    opts: { txnPrefix: string; perBatch?: number; onBatch?: (done: number) => void },
  ): Promise<void> {
    const perBatch = opts.perBatch ?? 1000;
    for (let i = from; i < to; i += perBatch) {
      const end = Math.min(to, i + perBatch);
      await this.batch(async (deps) => {
        for (let k = i; k < end; k++)
          await sendEvent(deps, auth, { roomId, type: 'm.room.message', content: { msgtype: 'm.text', body: body(k) }, txnId: `${opts.txnPrefix}${k}` });
      });
      opts.onBatch?.(end);
    }
  }

  /**
   * Appends m.text messages `from`..`to`-1 as `sendMessages` would, `perBatch` per room write
   * (see appendMessages: the same rows, without re-reading state for every event).
   */
  async appendMessages(
    auth: Principal,
    roomId: RoomId,
    from: number,
    to: number,
    body: (i: number) => string,
    opts: { txnPrefix: string; perBatch?: number; onBatch?: (done: number) => void },
  ): Promise<void> {
    const perBatch = opts.perBatch ?? 2000;
    for (let i = from; i < to; i += perBatch) {
      const drafts = Array.from({ length: Math.min(to, i + perBatch) - i }, (_, k) => ({ content: { msgtype: 'm.text', body: body(i + k) }, txnId: `${opts.txnPrefix}${i + k}` }));
      // No changes are recorded for seeded history: nobody is listening, and nothing is fed twice.
      await writeToRoom(this.deps, roomId, async (lock) => void (await appendMessages(this.deps, lock, auth, drafts)));
      opts.onBatch?.(i + drafts.length);
    }
  }

  /** How many m.room.message events the room holds. */
  async countMessages(roomId: RoomId): Promise<number> {
    const row = await this.deps.database.db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('room_id', '=', roomId)
      .where('type', '=', 'm.room.message')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Makes everything durable, checkpoints the WAL into the database file and closes (once). */
  close(): Promise<void> {
    this.closed ??= this.doClose();
    return this.closed;
  }

  private closed?: Promise<void>;

  private async doClose(): Promise<void> {
    const database = this.deps.database;
    if (database.dialect === 'sqlite') {
      await sql`PRAGMA synchronous = FULL`.execute(database.db);
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(database.db);
    }
    await database.flush();
    await this.app.close();
  }
}

/** Nobody long-polls a seeding process: notifications only advance the position (not per member of the audience). */
class QuietNotifier extends Notifier {
  override notify(position: number, _userIds: Iterable<string>, _kinds?: readonly ChangeKind[]): void {
    this.advanceTo(position);
  }
}

/** One hash per distinct password: argon2id with its own salt, computed once, valid for every user given it. */
function memoised(hasher: PasswordHasher): PasswordHasher {
  const hashes = new Map<string, Promise<string>>();
  return {
    hash: (password) => {
      let h = hashes.get(password);
      if (!h) hashes.set(password, (h = hasher.hash(password)));
      return h;
    },
    verify: (hashed, password) => hasher.verify(hashed, password),
    check: (hashed, password) => hasher.check(hashed, password),
  };
}
