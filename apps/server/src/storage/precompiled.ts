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
