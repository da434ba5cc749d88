import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { forbidden } from '../../../errors/MatrixError.ts';
import { checkSyncFilter } from '../../../sync/EventFilter.ts';
import { loadFilter } from '../../../sync/loadFilter.ts';

export const defineFilter = defineEndpoint(contracts.defineFilter, {
  handler: async ({ deps, auth, params, body }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot create filters for other users');
    const filter = checkSyncFilter(body);
    const row = await deps.database.db
      .insertInto('filters')
      .values({ user_id: auth.userId, filter_json: JSON.stringify(filter) })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { filter_id: String(row.id) };
  },
});

export const getFilter = defineEndpoint(contracts.getFilter, {
  handler: async ({ deps, auth, params }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot read filters of other users');
    return loadFilter(deps.database.db, auth.userId, params.filterId);
  },
});
