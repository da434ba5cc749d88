import type { Queryable } from '../storage/schema.ts';
import { findFilterJson } from '../storage/repos/filters.ts';
import { MatrixError } from '../errors/MatrixError.ts';
import type { SyncFilterJson } from './EventFilter.ts';

/** A stored filter by its ID, owned by the user. */
export async function loadFilter(db: Queryable, userId: string, filterId: string): Promise<SyncFilterJson> {
  if (!/^\d{1,15}$/.test(filterId)) throw new MatrixError('M_NOT_FOUND', 'Filter not found');
  const json = await findFilterJson(db, userId, Number(filterId));
  if (json === undefined) throw new MatrixError('M_NOT_FOUND', 'Filter not found');
  return JSON.parse(json) as SyncFilterJson;
}

/**
 * The stored filter a /sync `filter` parameter names (anything but an inline JSON object): a value
 * that cannot be a filter ID (`[]`, `NaN`, `"x"`: broken JSON rather) is 400 M_INVALID_PARAM, as
 * in Synapse; a well-formed ID the user has no filter under is 404 M_NOT_FOUND.
 */
export async function loadSyncFilterById(db: Queryable, userId: string, filterId: string): Promise<SyncFilterJson> {
  if (!/^\d{1,15}$/.test(filterId)) throw new MatrixError('M_INVALID_PARAM', 'filter is neither a JSON object nor a filter ID');
  return loadFilter(db, userId, filterId);
}
