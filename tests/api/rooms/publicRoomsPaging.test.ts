import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUser, expectError, type TestUser } from '../../support/client.ts';
import { createRoom, join, r } from '../../support/factories.ts';

type Json = Record<string, any>;

/** Every room ID of a walk through the directory, page by page, following `token` ('next_batch' or 'prev_batch'). */
async function walk(fetchPage: (since?: string) => Promise<Json>, start: Json, token: 'next_batch' | 'prev_batch'): Promise<{ ids: string[]; pages: number }> {
  const ids: string[] = [];
  let page = start;
  let pages = 1;
  ids.push(...page.chunk.map((c: Json) => c.room_id));
  while (page[token] !== undefined) {
    page = await fetchPage(page[token]);
    pages += 1;
    const chunkIds = page.chunk.map((c: Json) => c.room_id);
    if (token === 'prev_batch') ids.unshift(...chunkIds);
    else ids.push(...chunkIds);
    assert.ok(pages < 50, 'paging ends');
  }
  return { ids, pages };
}

onEachDatabase('publicRooms paging', (ctx) => {
  test('GET and POST /publicRooms page through every published room, forwards and back, with no room twice or missed', async () => {
    const users: TestUser[] = await Promise.all(Array.from({ length: 4 }, () => registerUser(ctx.server.url)));
    const owner = users[0]!;
    const rooms: string[] = [];
    // Seven rooms: some with equal member counts, so the room ID breaks ties.
    for (let i = 0; i < 7; i++) {
      const roomId = await createRoom(owner, { preset: 'public_chat', visibility: 'public', name: `paging ${i}` });
      for (const u of users.slice(1, 1 + (i % 3))) await join(u, roomId);
      rooms.push(roomId);
    }
    const all = (await owner.api.get('/publicRooms?limit=100')).body;
    const everything: string[] = all.chunk.map((c: Json) => c.room_id);
    assert.deepEqual([...everything].sort(), [...rooms].sort());

    const get = async (since?: string): Promise<Json> => {
      const res = await owner.api.get(`/publicRooms?limit=2${since !== undefined ? `&since=${r(since)}` : ''}`);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const first = await get();
    assert.equal(first.prev_batch, undefined);
    const forwards = await walk(get, first, 'next_batch');
    assert.equal(forwards.pages, 4);
    assert.deepEqual(forwards.ids, everything);

    // From the last page back to the first.
    let last = first;
    while (last.next_batch !== undefined) last = await get(last.next_batch);
    assert.equal(last.next_batch, undefined);
    const backwards = await walk(get, last, 'prev_batch');
    assert.deepEqual(backwards.ids, everything);

    const post = async (since?: string): Promise<Json> => {
      const res = await owner.api.post('/publicRooms', { limit: 3, ...(since !== undefined ? { since } : {}), filter: { generic_search_term: 'paging' } });
      assert.equal(res.status, 200, JSON.stringify(res.body));
      return res.body;
    };
    const viaPost = await walk(post, await post(), 'next_batch');
    assert.equal(viaPost.pages, 3);
    assert.deepEqual(viaPost.ids, everything);
  });

  test('a room published between two pages neither repeats nor hides the others', async () => {
    const owner = await registerUser(ctx.server.url);
    const get = async (since?: string): Promise<Json> => (await owner.api.get(`/publicRooms?limit=2${since !== undefined ? `&since=${r(since)}` : ''}`)).body;
    const before: string[] = (await owner.api.get('/publicRooms?limit=100')).body.chunk.map((c: Json) => c.room_id);
    const first = await get();
    // A new room with one member sorts among the others' ranks; an offset would shift by one.
    const fresh = await createRoom(owner, { preset: 'public_chat', visibility: 'public' });
    const rest = await walk(get, await get(first.next_batch), 'next_batch');
    const seen = [...first.chunk.map((c: Json) => c.room_id), ...rest.ids];
    assert.equal(new Set(seen).size, seen.length, 'no room twice');
    for (const id of before) assert.ok(seen.includes(id), `room ${id} missed`);
    assert.ok(fresh);
  });

  test('a malformed since token is 400 M_INVALID_PARAM', async () => {
    const owner = await registerUser(ctx.server.url);
    for (const since of ['nonsense', 'o1', 'n1_', 'n1_!!', 'x1_IWE6Yg', `n${'9'.repeat(12)}_IWE6Yg`]) {
      expectError(await owner.api.get(`/publicRooms?since=${r(since)}`), 400, 'M_INVALID_PARAM');
      expectError(await owner.api.post('/publicRooms', { since }), 400, 'M_INVALID_PARAM');
    }
  });
});
