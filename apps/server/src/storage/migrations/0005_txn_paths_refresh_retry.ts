import { sql, type Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * Two write-path fixes.
 *
 * 1. Scopes transaction IDs to the request path as well as the device (spec: "Transaction
 * identifiers"): the same txnId on another room, event type, redaction target or endpoint
 * is a new request. The path is stored as columns, so no encoding can make two paths equal:
 *
 * - event_txns: `endpoint` ('send' or 'redact'), `room_id`, `target` (the event type for
 *   /send, the redacted event's ID for /redact).
 * - to_device_txns: `event_type`.
 *
 * Existing rows get their path from the event they produced. A row whose path cannot be
 * recovered (its event is gone, a redaction whose `redacts` was itself redacted away, any
 * to-device row: the type was never stored) keeps the old per-device scope with an empty
 * `endpoint` / `event_type`, which the lookups treat as matching every path, so a retry that
 * straddles the upgrade is still recognised rather than delivered twice.
 *
 * 2. access_tokens.refresh_retry_box: on a token whose refresh token was used, the new pair
 *    it got, encrypted under a key derived from that refresh token (which the database never
 *    holds), so a retried or concurrent /refresh answers the same pair instead of revoking it.
 *    It goes with the row, which is deleted when the new pair is first used.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  await sql`ALTER TABLE event_txns RENAME TO event_txns_0005`.execute(db);
  await db.schema
    .createTable('event_txns')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('txn_id', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('created_ts', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_txns_path_pk', ['user_id', 'device_id', 'txn_id', 'endpoint', 'room_id', 'target'])
    .execute();
  const redacts =
    dialect === 'postgres'
      ? sql`COALESCE(e.json::jsonb ->> 'redacts', e.json::jsonb -> 'content' ->> 'redacts')`
      : sql`COALESCE(json_extract(e.json, '$.redacts'), json_extract(e.json, '$.content.redacts'))`;
  await sql`
    INSERT INTO event_txns (user_id, device_id, txn_id, endpoint, room_id, target, event_id, created_ts)
    SELECT t.user_id, t.device_id, t.txn_id,
      CASE WHEN e.event_id IS NULL THEN '' WHEN e.type <> 'm.room.redaction' THEN 'send' WHEN ${redacts} IS NULL THEN '' ELSE 'redact' END,
      CASE WHEN e.event_id IS NULL THEN '' WHEN e.type = 'm.room.redaction' AND ${redacts} IS NULL THEN '' ELSE e.room_id END,
      CASE WHEN e.event_id IS NULL THEN '' WHEN e.type <> 'm.room.redaction' THEN e.type ELSE COALESCE(${redacts}, '') END,
      t.event_id, t.created_ts
    FROM event_txns_0005 t LEFT JOIN events e ON e.event_id = t.event_id`.execute(db);
  await db.schema.dropTable('event_txns_0005').execute();

  await sql`ALTER TABLE to_device_txns RENAME TO to_device_txns_0005`.execute(db);
  await db.schema
    .createTable('to_device_txns')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('txn_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('created_ts', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('to_device_txns_path_pk', ['user_id', 'device_id', 'txn_id', 'event_type'])
    .execute();
  await sql`
    INSERT INTO to_device_txns (user_id, device_id, txn_id, event_type, created_ts)
    SELECT user_id, device_id, txn_id, '', created_ts FROM to_device_txns_0005`.execute(db);
  await db.schema.dropTable('to_device_txns_0005').execute();

  await db.schema.alterTable('access_tokens').addColumn('refresh_retry_box', 'text').execute();
}
