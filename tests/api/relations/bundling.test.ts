import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { createRoom, join, r } from '../../support/factories.ts';
import { edit, getEvent, reaction, redact, reference, relations, send, text, threadReply, threads } from './support.ts';

/** What every serving path must bundle for `root`, `edited` and `referenced` (spec v1.19 shapes). */
function checkBundles(
  events: any[],
  ids: { root: string; edited: string; referenced: string; lastReply: string; lastEdit: string; ref: string },
  viewerParticipated: boolean,
): void {
  const byId = new Map(events.map((e) => [e.event_id, e]));
  const root = byId.get(ids.root);
  if (root) {
    const thread = root.unsigned['m.relations']['m.thread'];
    assert.equal(thread.count, 2);
    assert.equal(thread.latest_event.event_id, ids.lastReply);
    assert.equal(thread.latest_event.content.body, 'reply 2');
    assert.equal(thread.latest_event.room_id, root.room_id);
    assert.equal(thread.current_user_participated, viewerParticipated);
    assert.equal(root.unsigned['m.relations']['m.annotation'], undefined, 'annotations are not bundled');
  }
  const edited = byId.get(ids.edited);
  if (edited) {
    const replace = edited.unsigned['m.relations']['m.replace'];
    assert.equal(replace.event_id, ids.lastEdit);
    assert.equal(replace.content['m.new_content'].body, 'second edit');
    assert.equal(replace.type, 'm.room.message');
    assert.equal(typeof replace.origin_server_ts, 'number');
    assert.equal(edited.content.body, 'to be edited', 'the original content is left intact');
  }
  const referenced = byId.get(ids.referenced);
  if (referenced) assert.deepEqual(referenced.unsigned['m.relations']['m.reference'], { chunk: [{ event_id: ids.ref }] });
  for (const e of events)
    if (![ids.root, ids.edited, ids.referenced].includes(e.event_id)) assert.equal(e.unsigned?.['m.relations'], undefined, `${e.type} ${e.event_id} has no relations`);
}

onEachDatabase('bundled aggregations', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  let roomId: string;
  const ids = { root: '', edited: '', referenced: '', lastReply: '', lastEdit: '', ref: '' };
  before(async () => {
    roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    ids.root = await send(alice, roomId, text('searchable root'));
    ids.edited = await send(alice, roomId, text('to be edited'));
    ids.referenced = await send(bob, roomId, text('referenced'));
    await send(alice, roomId, threadReply(ids.root, 'reply 1'));
    await send(bob, roomId, reaction(ids.root, '👍'), 'm.reaction');
    await send(alice, roomId, edit(ids.edited, 'first edit'));
    ids.lastEdit = await send(alice, roomId, edit(ids.edited, 'second edit'));
    ids.ref = await send(bob, roomId, reference(ids.referenced, 'see above'));
    ids.lastReply = await send(alice, roomId, threadReply(ids.root, 'reply 2'));
  });

  test('/sync timeline (initial)', async () => {
    const res = await bob.api.get(`/sync?timeout=0&filter=${r(JSON.stringify({ room: { timeline: { limit: 50 } } }))}`);
    const events = res.body.rooms.join[roomId].timeline.events;
    assert.ok(events.some((e: any) => e.event_id === ids.root));
    checkBundles(events, ids, false);
  });

  test('/messages', async () => {
    const res = await bob.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=50`);
    checkBundles(res.body.chunk, ids, false);
    const mine = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=50`);
    checkBundles(mine.body.chunk, ids, true);
  });

  test('/context: the event and the events around it', async () => {
    const res = await bob.api.get(`/rooms/${r(roomId)}/context/${r(ids.edited)}?limit=20`);
    checkBundles([res.body.event, ...res.body.events_before, ...res.body.events_after], ids, false);
    assert.ok(res.body.event.unsigned['m.relations']['m.replace']);
    assert.ok(res.body.events_before.some((e: any) => e.event_id === ids.root));
  });

  test('/event', async () => {
    checkBundles([await getEvent(bob, roomId, ids.root)], ids, false);
    checkBundles([await getEvent(bob, roomId, ids.edited)], ids, false);
    checkBundles([await getEvent(bob, roomId, ids.referenced)], ids, false);
  });

  test('/search results', async () => {
    const res = await bob.api.post('/search', { search_categories: { room_events: { search_term: 'searchable' } } });
    const results = res.body.search_categories.room_events.results.map((x: any) => x.result);
    assert.ok(results.some((e: any) => e.event_id === ids.root));
    checkBundles(results, ids, false);
  });

  test('/relations and /threads chunks', async () => {
    const rel = await relations(bob, roomId, ids.referenced);
    checkBundles(rel.chunk, ids, false);
    const th = await threads(bob, roomId);
    checkBundles(th.chunk, ids, false);
  });

  test('redactions: a redacted edit falls back to the previous one; a redacted original bundles no edit', async () => {
    const original = await send(alice, roomId, text('v0'));
    const e1 = await send(alice, roomId, edit(original, 'v1'));
    const e2 = await send(alice, roomId, edit(original, 'v2'));
    assert.equal((await getEvent(bob, roomId, original)).unsigned['m.relations']['m.replace'].event_id, e2);
    await redact(alice, roomId, e2);
    assert.equal((await getEvent(bob, roomId, original)).unsigned['m.relations']['m.replace'].event_id, e1);
    assert.deepEqual(
      (await relations(bob, roomId, original, '/m.replace')).chunk.map((e: any) => e.event_id),
      [e1],
    );
    await redact(alice, roomId, original);
    assert.equal((await getEvent(bob, roomId, original)).unsigned['m.relations'], undefined);
  });

  test('redactions: a redacted reference leaves the chunk', async () => {
    const target = await send(alice, roomId, text('target'));
    const a = await send(bob, roomId, reference(target, 'a'));
    const b = await send(bob, roomId, reference(target, 'b'));
    await redact(bob, roomId, a);
    assert.deepEqual((await getEvent(alice, roomId, target)).unsigned['m.relations']['m.reference'], { chunk: [{ event_id: b }] });
  });
});
