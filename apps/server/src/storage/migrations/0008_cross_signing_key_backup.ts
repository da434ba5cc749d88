import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * End-to-end encryption state the server keeps for clients (docs/encryption.md):
 * - `cross_signing_keys`: a user's public master, self-signing and user-signing keys, one of each
 *   (`key_type`), as uploaded (`key_json`); `key_id` is the unpadded base64 public key.
 * - `key_signatures`: signatures uploaded later through /keys/signatures/upload, one row per
 *   signature, on a device (`target_key_id` = device ID) or a master key (its public key).
 * - `room_key_backup_versions`: server-side key backups; `version` counts up per user and a deleted
 *   version keeps its row (`deleted` = 1), so a version number never comes back.
 * - `room_key_backups`: the encrypted session keys of a backup version.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('cross_signing_keys')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('key_type', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('key_json', 'text', (c) => c.notNull())
    .addColumn('stream', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('cross_signing_keys_pk', ['user_id', 'key_type'])
    .execute();
  await db.schema
    .createTable('key_signatures')
    .addColumn('target_user_id', 'text', (c) => c.notNull())
    .addColumn('target_key_id', 'text', (c) => c.notNull())
    .addColumn('signer_user_id', 'text', (c) => c.notNull())
    .addColumn('signer_key_id', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addColumn('stream', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('key_signatures_pk', ['target_user_id', 'target_key_id', 'signer_user_id', 'signer_key_id'])
    .execute();
  await db.schema.createIndex('key_signatures_signer').on('key_signatures').columns(['signer_user_id']).execute();
  await db.schema
    .createTable('room_key_backup_versions')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('algorithm', 'text', (c) => c.notNull())
    .addColumn('auth_data', 'text', (c) => c.notNull())
    .addColumn('etag', 'bigint', (c) => c.notNull())
    .addColumn('deleted', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('room_key_backup_versions_pk', ['user_id', 'version'])
    .execute();
  await db.schema
    .createTable('room_key_backups')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('room_id', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('first_message_index', 'bigint', (c) => c.notNull())
    .addColumn('forwarded_count', 'bigint', (c) => c.notNull())
    .addColumn('is_verified', 'integer', (c) => c.notNull())
    .addColumn('session_data', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('room_key_backups_pk', ['user_id', 'version', 'room_id', 'session_id'])
    .execute();
}
