import type { Kysely } from 'kysely';
import type { Dialect } from '../schema.ts';

/**
 * The media repository's metadata; the bytes live in a MediaStore (media/), named by their
 * SHA-256, so identical uploads are stored once.
 * - `media`: one row per media ID. `sha256` is null while an asynchronous upload (`/create`)
 *   waits for its bytes; `unused_expires_ts` bounds that wait.
 * - `media_thumbnails`: one row per thumbnail of a stored content (by the content's hash, so
 *   identical uploads share their thumbnails), itself stored by its own hash.
 */
export async function up(db: Kysely<unknown>, _dialect: Dialect): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('media_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text')
    .addColumn('upload_name', 'text')
    .addColumn('size', 'bigint')
    .addColumn('sha256', 'text')
    .addColumn('created_ts', 'bigint', (c) => c.notNull())
    .addColumn('uploaded_ts', 'bigint')
    .addColumn('unused_expires_ts', 'bigint')
    .execute();
  await db.schema.createIndex('media_user').on('media').columns(['user_id', 'created_ts']).execute();
  await db.schema
    .createTable('media_thumbnails')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('thumbnail_sha256', 'text', (c) => c.notNull())
    .addColumn('size', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('media_thumbnails_pkey', ['sha256', 'width', 'height', 'method'])
    .execute();
}
