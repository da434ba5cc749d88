import type { Queryable } from '../storage/schema.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import type { SyncFilterJson } from './EventFilter.ts';

/** A stored filter by its ID, owned by the user. */
export async function loadFilter(db: Queryable, userId: string, filterId: string): Promise<SyncFilterJson> {
  if (!/^\d{1,15}$/.test(filterId)) throw new MatrixError('M_NOT_FOUND', 'Filter not found');
  const row = await db.selectFrom('filters').select('filter_json').where('id', '=', Number(filterId)).where('user_id', '=', userId).executeTakeFirst();
  if (!row) throw new MatrixError('M_NOT_FOUND', 'Filter not found');
  return JSON.parse(row.filter_json) as SyncFilterJson;
}
