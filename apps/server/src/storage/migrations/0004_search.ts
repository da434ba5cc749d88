import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * Full-text search over the text of m.room.message (content.body), m.room.name
 * (content.name) and m.room.topic (content.topic), maintained by the database
 * itself, so every writer of `events` (the server, a bulk loader) gets indexed rows.
 *
 * - SQLite: a contentless FTS5 table `event_search` whose rowid is events.stream,
 *   kept by triggers on insert, on update of json (redaction) and on delete.
 *   Tokenizer unicode61 with remove_diacritics 2 (case and accent folding).
 * - PostgreSQL: a stored generated column events.search_tsv, to_tsvector('simple', text)
 *   (no stemming, no stop words: rooms are multilingual), with a partial GIN index.
 *
 * Existing events are indexed here (the generated column fills itself).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect === 'postgres') {
    await sql`
      CREATE FUNCTION parley_search_text(event_type text, event_json text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT CASE
          WHEN event_type NOT IN ('m.room.message', 'm.room.name', 'm.room.topic') THEN NULL
          ELSE (
            SELECT CASE WHEN jsonb_typeof(v) = 'string' THEN v #>> '{}' END
            FROM (SELECT (event_json::jsonb -> 'content') -> (CASE event_type WHEN 'm.room.message' THEN 'body' WHEN 'm.room.name' THEN 'name' ELSE 'topic' END) AS v) AS t
          )
        END
      $$`.execute(db);
    await sql`ALTER TABLE events ADD COLUMN search_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, parley_search_text(type, json))) STORED`.execute(db);
    await sql`CREATE INDEX events_search ON events USING gin (search_tsv) WHERE search_tsv IS NOT NULL`.execute(db);
    await sql`ANALYZE events`.execute(db);
    return;
  }
  await sql`CREATE VIRTUAL TABLE event_search USING fts5(value, content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 2')`.execute(db);
  const text = (row: 'NEW' | 'OLD' | 'e') =>
    sql.raw(
      `CASE ${row}.type WHEN 'm.room.message' THEN json_extract(${row}.json, '$.content.body') WHEN 'm.room.name' THEN json_extract(${row}.json, '$.content.name') ELSE json_extract(${row}.json, '$.content.topic') END`,
    );
  const indexed = (row: 'NEW' | 'OLD' | 'e') => sql.raw(`${row}.type IN ('m.room.message', 'm.room.name', 'm.room.topic')`);
  await sql`
    CREATE TRIGGER events_search_insert AFTER INSERT ON events WHEN ${indexed('NEW')}
    BEGIN
      INSERT INTO event_search (rowid, value) SELECT NEW.stream, v FROM (SELECT ${text('NEW')} AS v) WHERE typeof(v) = 'text';
    END`.execute(db);
  // Redaction rewrites json without the text: the row leaves the index.
  await sql`
    CREATE TRIGGER events_search_update AFTER UPDATE OF json ON events WHEN ${indexed('OLD')}
    BEGIN
      DELETE FROM event_search WHERE rowid = OLD.stream;
      INSERT INTO event_search (rowid, value) SELECT NEW.stream, v FROM (SELECT ${text('NEW')} AS v) WHERE typeof(v) = 'text';
    END`.execute(db);
  await sql`
    CREATE TRIGGER events_search_delete AFTER DELETE ON events WHEN ${indexed('OLD')}
    BEGIN
      DELETE FROM event_search WHERE rowid = OLD.stream;
    END`.execute(db);
  await sql`
    INSERT INTO event_search (rowid, value)
    SELECT stream, v FROM (SELECT e.stream AS stream, ${text('e')} AS v FROM events e WHERE ${indexed('e')})
    WHERE typeof(v) = 'text'`.execute(db);
}
