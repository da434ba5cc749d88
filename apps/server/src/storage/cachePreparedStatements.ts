import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const MAX_CACHED = 1000;

/**
 * Kysely prepares every statement it runs; preparing is most of a small query's
 * cost on SQLite. This reuses prepared statements by SQL text (bounded: SQL with
 * IN-lists of many lengths would otherwise grow the cache without end).
 */
export function cachePreparedStatements(sqlite: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => {
      cache.clear();
      sqlite.close();
    },
    prepare: (sql: string): SqliteStatement => {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= MAX_CACHED) cache.clear();
        cache.set(sql, stmt);
      }
      return stmt as unknown as SqliteStatement;
    },
  };
}
