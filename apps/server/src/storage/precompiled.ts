import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Queryable } from './schema.ts';

/** A list parameter, expanded where the SQL says `(?...)`. */
export type ListParam = readonly unknown[];

const MAX_SHAPES = 64;

/**
 * A statement on the hot path (every woken /sync runs it), written once as SQL that both
 * SQLite and PostgreSQL accept. Kysely's query builder costs more CPU than executing a small
 * indexed query (profiles of the fan-out: building and compiling was about a third of the
 * server's time), so these skip it and go straight to `executeQuery`, which keeps the
 * connection handling, transactions and the statement count of the builder path.
 *
 * Placeholders are `?`; `(?...)` takes a list parameter (an array) and expands to one
 * placeholder per element, or to `(NULL)` for an empty list, which matches nothing.
 * PostgreSQL gets numbered `$n` placeholders. The SQL of each list-length shape is cached.
 */
export function precompiled<Row>(text: string): (db: Queryable, params: readonly unknown[]) => Promise<Row[]> {
  const shapes = new Map<string, string>();
  return async (db, params) => {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    let key = postgres ? 'p' : 's';
    for (const p of params) if (Array.isArray(p)) key += `,${p.length}`;
    let sql = shapes.get(key);
    if (sql === undefined) {
      sql = render(text, params, postgres);
      if (shapes.size < MAX_SHAPES) shapes.set(key, sql);
    }
    const flat: unknown[] = [];
    for (const p of params) {
      if (Array.isArray(p)) flat.push(...(p as ListParam));
      else flat.push(p);
    }
    const result = await db.executeQuery<Row>(CompiledQuery.raw(sql, flat));
    return result.rows;
  };
}

function render(text: string, params: readonly unknown[], postgres: boolean): string {
  let i = 0;
  let n = 0;
  const placeholder = (): string => (postgres ? `$${++n}` : '?');
  return text.replace(/\(\?\.\.\.\)|\?/g, (m) => {
    const p = params[i++];
    if (m === '?') {
      if (Array.isArray(p)) throw new Error(`precompiled: parameter ${i} is a list but the SQL has a plain ?`);
      return placeholder();
    }
    if (!Array.isArray(p)) throw new Error(`precompiled: parameter ${i} must be a list for (?...)`);
    return p.length === 0 ? '(NULL)' : `(${p.map(placeholder).join(', ')})`;
  });
}

/** Rows per statement of a precompiledInsert (well under SQLite's and PostgreSQL's parameter limits). */
const ROWS_PER_INSERT = 500;

/**
 * A multi-row INSERT on the hot path (the push evaluator writes one row per recipient of every
 * event): `INSERT INTO table (columns) VALUES (...), (...) <suffix>`, its SQL cached per row count
 * like precompiled's shapes. Kysely's builder spent more CPU building a 45-row insert than
 * SQLite spent running it. `suffix` is written as is (an ON CONFLICT clause; no parameters).
 */
export function precompiledInsert<Row>(table: string, columns: ReadonlyArray<keyof Row & string>, suffix = ''): (db: Queryable, rows: readonly Row[]) => Promise<void> {
  const shapes = new Map<string, string>();
  const head = `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES `;
  return async (db, rows) => {
    const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const chunk = rows.slice(start, start + ROWS_PER_INSERT);
      const key = `${postgres ? 'p' : 's'}${chunk.length}`;
      let sql = shapes.get(key);
      if (sql === undefined) {
        let n = 0;
        const tuple = (): string => `(${columns.map(() => (postgres ? `$${++n}` : '?')).join(', ')})`;
        sql = head + chunk.map(tuple).join(', ') + (suffix ? ` ${suffix}` : '');
        if (shapes.size < MAX_SHAPES) shapes.set(key, sql);
      }
      const flat: unknown[] = [];
      for (const row of chunk) for (const c of columns) flat.push(row[c]);
      await db.executeQuery(CompiledQuery.raw(sql, flat));
    }
  };
}
