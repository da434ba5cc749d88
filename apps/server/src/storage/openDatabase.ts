import { closeSync, fsyncSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import type { Db, Dialect, Tx } from './schema.ts';
import { WalFlusher } from './WalFlusher.ts';
import { migrationsFor } from './migrations/index.ts';
import { cachePreparedStatements } from './cachePreparedStatements.ts';

export interface Database {
  db: Db;
  dialect: Dialect;
  /** Counters for tests and metrics: `queries` counts every statement executed (query budgets). */
  stats: QueryStats;
  /** Runs `fn` in a transaction and resolves once the commit is durable (see WalFlusher). */
  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T>;
  /** Makes every commit so far durable: a no-op on PostgreSQL, whose COMMIT already is. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

function withTransactions(db: Db, dialect: Dialect, stats: QueryStats, flush: () => Promise<void>, close: () => Promise<void>): Database {
  return {
    db,
    dialect,
    stats,
    flush,
    transaction: async (fn) => {
      const result = await db.transaction().execute(fn);
      await flush();
      return result;
    },
    close,
  };
}

export interface QueryStats {
  queries: number;
  /** fdatasync calls on SQLite's WAL (group commit): fewer than commits under concurrency. */
  walSyncs: number;
}

/** Kysely's `log` hook, counting each executed statement (successful or failed). */
function countQueries(stats: QueryStats): (event: LogEvent) => void {
  return () => {
    stats.queries += 1;
  };
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  dataDir: string;
  ephemeral: boolean;
  poolSize?: number;
}

/** Opens SQLite (WAL; every acknowledged commit is fdatasynced, see WalFlusher) or PostgreSQL. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl && /^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    // Loaded only in PostgreSQL mode: SQLite installs start faster without it.
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      // A connection PostgreSQL does not accept in time is an error to report, not a silent wait
      // (pg waits forever by default).
      connectionTimeoutMillis: 10_000,
      // bigint columns hold stream positions and timestamps, all below 2^53.
      types: { getTypeParser: (oid: number, format?: string) => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) } as pg.CustomTypesConfig,
    });
    // An idle client losing its connection (PostgreSQL restarted, or the database dropped) emits
    // 'error' on the pool; unhandled, that would crash the process. The pool replaces the client.
    pool.on('error', () => undefined);
    const stats: QueryStats = { queries: 0, walSyncs: 0 };
    const db = new Kysely<never>({ dialect: new PostgresDialect({ pool }), log: countQueries(stats) }) as unknown as Db;
    return withTransactions(
      db,
      'postgres',
      stats,
      async () => {},
      () => db.destroy(),
    );
  }
  let file = ':memory:';
  if (!opts.ephemeral) {
    mkdirSync(opts.dataDir, { recursive: true });
    file = join(opts.dataDir, 'parley.db');
  }
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  // NORMAL: commits do not fsync on the event loop; WalFlusher fdatasyncs the WAL before any write is acknowledged.
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const stats: QueryStats = { queries: 0, walSyncs: 0 };
  const flusher = opts.ephemeral
    ? null
    : new WalFlusher(
        `${file}-wal`,
        () => fsyncDirectory(opts.dataDir),
        () => (stats.walSyncs += 1),
      );
  const db = new Kysely<never>({
    dialect: new SqliteDialect({ database: cachePreparedStatements(sqlite, () => flusher?.noteWrite()) }),
    log: countQueries(stats),
  }) as unknown as Db;
  return withTransactions(db, 'sqlite', stats, flusher ? () => flusher.flush() : async () => {}, () => db.destroy());
}

export async function migrateToLatest(database: Database): Promise<string[]> {
  const migrator = new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrationsFor(database.dialect) },
    migrationTableName: 'parley_migrations',
    migrationLockTableName: 'parley_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** Makes the data folder's entries (the database and its WAL file) durable. */
function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
