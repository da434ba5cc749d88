import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { Kysely, Migrator, PostgresDialect, SqliteDialect } from 'kysely';
import type { Db, Dialect } from './schema.ts';
import { migrationsFor } from './migrations/index.ts';

export interface Database {
  db: Db;
  dialect: Dialect;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  dataDir: string;
  ephemeral: boolean;
  poolSize?: number;
}

/** Opens SQLite (WAL, synchronous=FULL: a commit is on disk before we answer) or PostgreSQL. */
export function openDatabase(opts: DatabaseOptions): Database {
  if (opts.databaseUrl && /^postgres(ql)?:\/\//.test(opts.databaseUrl)) {
    const pool = new pg.Pool({
      connectionString: opts.databaseUrl,
      max: opts.poolSize ?? 10,
      // bigint columns hold stream positions and timestamps, all below 2^53.
      types: { getTypeParser: (oid: number, format?: string) => (oid === 20 ? (v: string) => Number(v) : pg.types.getTypeParser(oid, format as 'text')) } as pg.CustomTypesConfig,
    });
    const db = new Kysely<never>({ dialect: new PostgresDialect({ pool }) }) as unknown as Db;
    return { db, dialect: 'postgres', close: () => db.destroy() };
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
  const db = new Kysely<never>({ dialect: new SqliteDialect({ database: sqlite }) }) as unknown as Db;
  return { db, dialect: 'sqlite', close: () => db.destroy() };
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
