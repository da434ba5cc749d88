import type { AppDeps } from '../deps.ts';
import { checkSyncFilter } from '../sync/EventFilter.ts';
import { insertFilter } from '../storage/repos/filters.ts';

/** Checks a filter (400 M_BAD_JSON past its bounds) and stores it for the user; returns its ID as the API spells it. */
export async function createFilter(deps: AppDeps, userId: string, body: Record<string, unknown>): Promise<string> {
  const filter = checkSyncFilter(body);
  return String(await insertFilter(deps.database.db, userId, JSON.stringify(filter)));
}
