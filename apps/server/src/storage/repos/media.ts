import { sql } from 'kysely';
import type { Queryable, Schema } from '../schema.ts';

export type MediaRow = Schema['media'];
export type ThumbnailRow = Schema['media_thumbnails'];

export async function findMedia(db: Queryable, mediaId: string): Promise<MediaRow | undefined> {
  return db.selectFrom('media').selectAll().where('media_id', '=', mediaId).executeTakeFirst();
}

/** A row for uploaded content, or a pending one (`sha256` null) for an asynchronous upload. */
export async function insertMedia(db: Queryable, row: MediaRow): Promise<void> {
  await db.insertInto('media').values(row).execute();
}

/** Fills a pending row with its content; false when it was no longer pending (someone else's upload won). */
export async function updatePendingMedia(
  db: Queryable,
  mediaId: string,
  content: { sha256: string; size: number; contentType: string | null; uploadName: string | null; uploadedTs: number },
): Promise<boolean> {
  const res = await db
    .updateTable('media')
    .set({
      sha256: content.sha256,
      size: content.size,
      content_type: content.contentType,
      upload_name: content.uploadName,
      uploaded_ts: content.uploadedTs,
      unused_expires_ts: null,
    })
    .where('media_id', '=', mediaId)
    .where('sha256', 'is', null)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) === 1;
}

/** Bytes the user has uploaded (every media ID counts, even when its content is shared). */
export async function sumUserMediaBytes(db: Queryable, userId: string): Promise<number> {
  const row = await db
    .selectFrom('media')
    .select(sql<number | string | null>`sum(size)`.as('total'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.total ?? 0);
}

/** Asynchronous uploads of the user still waiting for their bytes at `now`. */
export async function countPendingMedia(db: Queryable, userId: string, now: number): Promise<number> {
  const row = await db
    .selectFrom('media')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('user_id', '=', userId)
    .where('sha256', 'is', null)
    .where('unused_expires_ts', '>', now)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function findThumbnail(db: Queryable, sha256: string, width: number, height: number, method: string): Promise<ThumbnailRow | undefined> {
  return db
    .selectFrom('media_thumbnails')
    .selectAll()
    .where('sha256', '=', sha256)
    .where('width', '=', width)
    .where('height', '=', height)
    .where('method', '=', method)
    .executeTakeFirst();
}

/** How many thumbnails (of any size) a content has. */
export async function countThumbnails(db: Queryable, sha256: string): Promise<number> {
  const row = await db
    .selectFrom('media_thumbnails')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sha256', '=', sha256)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Records a thumbnail; a concurrent generation of the same one (another request, another node) is kept as it is. */
export async function insertThumbnail(db: Queryable, row: ThumbnailRow): Promise<void> {
  await db
    .insertInto('media_thumbnails')
    .values(row)
    .onConflict((oc) => oc.columns(['sha256', 'width', 'height', 'method']).doNothing())
    .execute();
}
