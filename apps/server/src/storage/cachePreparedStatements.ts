import type BetterSqlite3 from 'better-sqlite3';
import type { SqliteDatabase, SqliteStatement } from 'kysely';

const MAX_CACHED = 1000;

/**
 * Kysely prepares every statement it runs; preparing is most of a small query's
 * cost on SQLite. This reuses prepared statements by SQL text (bounded: SQL with
 * IN-lists of many lengths would otherwise grow the cache without end).
 */
export function cachePreparedStatements(sqlite: BetterSqlite3.Database, onWrite: () => void = () => {}): SqliteDatabase {
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
        if (!/^\s*(select|pragma|explain)\b/i.test(sql)) {
          // Writes (RETURNING ones read rows too, so `reader` cannot tell) are counted so the
          // WAL flusher can skip an fsync when nothing was written.
          const write = stmt;
          const run = write.run.bind(write);
          const all = write.all.bind(write);
          write.run = ((...params: unknown[]) => {
            onWrite();
            return run(...params);
          }) as typeof write.run;
          write.all = ((...params: unknown[]) => {
            onWrite();
            return all(...params);
          }) as typeof write.all;
        }
        if (cache.size >= MAX_CACHED) cache.clear();
        cache.set(sql, stmt);
      }
      return stmt as unknown as SqliteStatement;
    },
  };
}
