import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * Three small per-user stores the clients probe:
 * - `presence`: one row per user who ever synced or set a presence, with the state they set,
 *   when they were last active and last seen; the effective state (idle, offline) is computed
 *   on read from these times, so no timer runs per user. `stream` is the position of the last
 *   change room-mates were told of (/sync's presence section reads rows in its range).
 * - `pushers`: the pushers a user registered (POST /pushers/set), tied to the device whose
 *   access token set them, so removing the device removes them (as Synapse does).
 * - `openid_tokens`: tokens for POST /user/{userId}/openid/request_token, stored hashed, with
 *   an expiry, answered by the federation userinfo endpoint.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('presence')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('presence', 'text', (c) => c.notNull())
    .addColumn('status_msg', 'text')
    .addColumn('last_active_ts', 'bigint', (c) => c.notNull())
    .addColumn('last_seen_ts', 'bigint', (c) => c.notNull())
    .addColumn('stream', 'bigint', (c) => c.notNull())
    .execute();
  // A woken /sync reads the presence changes in its range (since, upTo]: the range leads.
  await db.schema.createIndex('presence_by_stream').on('presence').column('stream').execute();
  await db.schema
    .createTable('pushers')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('app_id', 'text', (c) => c.notNull())
    .addColumn('pushkey', 'text', (c) => c.notNull())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('app_display_name', 'text', (c) => c.notNull())
    .addColumn('device_display_name', 'text', (c) => c.notNull())
    .addColumn('profile_tag', 'text')
    .addColumn('lang', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_ts', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('pushers_pkey', ['user_id', 'app_id', 'pushkey'])
    .execute();
  await db.schema.createIndex('pushers_by_key').on('pushers').columns(['app_id', 'pushkey']).execute();
  await db.schema
    .createTable('openid_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('expires_ts', 'bigint', (c) => c.notNull())
    .execute();
}
