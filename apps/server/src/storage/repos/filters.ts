import type { Queryable } from '../schema.ts';

/** A stored filter's JSON, if the user owns a filter with that ID. */
export async function findFilterJson(db: Queryable, userId: string, filterId: number): Promise<string | undefined> {
  const row = await db.selectFrom('filters').select('filter_json').where('id', '=', filterId).where('user_id', '=', userId).executeTakeFirst();
  return row?.filter_json;
}
