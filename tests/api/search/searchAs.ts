import { Api, type ApiResponse, type TestUser } from '../../support/client.ts';

/** POST /search with one room_events criteria object, optionally from a next_batch token. */
export function searchAs(user: TestUser | Api, criteria: Record<string, unknown>, nextBatch?: string): Promise<ApiResponse> {
  const api = user instanceof Api ? user : user.api;
  return api.post(`/search${nextBatch !== undefined ? `?next_batch=${encodeURIComponent(nextBatch)}` : ''}`, { search_categories: { room_events: criteria } });
}
