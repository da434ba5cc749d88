import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import type pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, type LogEvent } from 'kysely';
import type { Db, Dialect } from './schema.ts';
import { migrationsFor } from './migrations/index.ts';

export interface Database {
  db: Db;
  dialect: Dialect;
  /** Counters for tests and metrics: `queries` counts every statement executed (query budgets). */
  stats: QueryStats;
  close(): Promise<void>;
}

export interface QueryStats {
  queries: number;
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

/** Opens SQLite (WAL, synchronous=FULL: a commit is on disk before we answer) or PostgreSQL. */
export async function openDatabase(opts: DatabaseOptions): Promise<Database> {
  if (opts.databaseUrl && /^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    // Loaded only in PostgreSQL mode: SQLite installs start faster without it.
    const { default: pg } = await import('pg');
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      // bigint columns hold stream positions and timestamps, all below 2^53.
      types: { getTypeParser: (oid: number, format?: string) => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) } as pg.CustomTypesConfig,
    });
    // An idle client losing its connection (PostgreSQL restarted, or the database dropped) emits
    // 'error' on the pool; unhandled, that would crash the process. The pool replaces the client.
    pool.on('error', () => undefined);
    const stats: QueryStats = { queries: 0 };
    const db = new Kysely<never>({ dialect: new PostgresDialect({ pool }), log: countQueries(stats) }) as unknown as Db;
    return { db, dialect: 'postgres', stats, close: () => db.destroy() };
  }
  let file = ':memory:';
  if (!opts.ephemeral) {
    mkdirSync(opts.dataDir, { recursive: true });
    file = join(opts.dataDir, 'parley.db');
  }
  const sqlite = new SqliteDatabase(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const stats: QueryStats = { queries: 0 };
  const db = new Kysely<never>({ dialect: new SqliteDialect({ database: sqlite }), log: countQueries(stats) }) as unknown as Db;
  return { db, dialect: 'sqlite', stats, close: () => db.destroy() };
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
