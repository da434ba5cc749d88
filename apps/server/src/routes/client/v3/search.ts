import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { searchRoomEvents } from '../../../search/searchRoomEvents.ts';

/**
 * POST /_matrix/client/v3/search
 * - room_events is the one category; other categories are ignored (the spec's rule).
 * - next_batch must be a token this endpoint issued for the same order_by (else 400 M_INVALID_PARAM).
 * - Results are only events the user may read: see searchRoomEvents and accessRoomsForSearch.
 */
export const search = defineEndpoint(contracts.search, {
  handler: async ({ deps, auth, query, body }) => {
    const categories: Record<string, unknown> = {};
    if (body.search_categories.room_events) categories.room_events = await searchRoomEvents(deps, auth, body.search_categories.room_events, query.next_batch);
    return { search_categories: categories };
  },
});
