import type { Queryable } from '../schema.ts';

/** Stores a filter (already checked and serialised) and returns its ID. */
export async function insertFilter(db: Queryable, userId: string, filterJson: string): Promise<number> {
  const row = await db.insertInto('filters').values({ user_id: userId, filter_json: filterJson }).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** The JSON of a filter the user owns, or undefined. */
export async function findFilterJson(db: Queryable, userId: string, filterId: number): Promise<string | undefined> {
  const row = await db.selectFrom('filters').select('filter_json').where('id', '=', filterId).where('user_id', '=', userId).executeTakeFirst();
  return row?.filter_json;
}
