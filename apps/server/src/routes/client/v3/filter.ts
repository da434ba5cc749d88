import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { forbidden } from '../../../errors/MatrixError.ts';
import { createFilter } from '../../../actions/createFilter.ts';
import { loadFilter } from '../../../sync/loadFilter.ts';

export const defineFilter = defineEndpoint(contracts.defineFilter, {
  handler: async ({ deps, auth, params, body }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot create filters for other users');
    return { filter_id: await createFilter(deps, auth.userId, body) };
  },
});

export const getFilter = defineEndpoint(contracts.getFilter, {
  handler: async ({ deps, auth, params }) => {
    if (params.userId !== auth.userId) throw forbidden('Cannot read filters of other users');
    return loadFilter(deps.database.db, auth.userId, params.filterId);
  },
});
