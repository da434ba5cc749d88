import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError } from '../../support/client.ts';
import { createRoom, join, r, sendText } from '../../support/factories.ts';

const bodies = (chunk: any[]): string[] => chunk.filter((e) => e.type === 'm.room.message').map((e) => e.content.body);

onEachDatabase('/messages', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  let roomId: string;
  const sent: string[] = [];
  before(async () => {
    roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
    for (let i = 0; i < 60; i++) {
      const who = i % 3 === 0 ? bob : alice;
      sent.push(await sendText(who, roomId, `m${i}`));
    }
  });

  const page = async (query: string, user = alice) => {
    const res = await user.api.get(`/rooms/${r(roomId)}/messages?${query}`);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body;
  };

  test('dir=b without from starts at the newest event, newest first', async () => {
    const body = await page('dir=b&limit=3');
    assert.deepEqual(bodies(body.chunk), ['m59', 'm58', 'm57']);
    assert.equal(typeof body.start, 'string');
    assert.equal(typeof body.end, 'string');
    const next = await page(`dir=b&limit=3&from=${body.end}`);
    assert.deepEqual(bodies(next.chunk), ['m56', 'm55', 'm54']);
    assert.equal(next.start, body.end);
  });

  test('an empty from, from=END and an empty to mean no bound, as Synapse reads them (Quaternion and nio send from=)', async () => {
    for (const q of ['dir=b&limit=3&from=', 'dir=b&limit=3&from=END', 'dir=b&limit=3&from=&to=', 'dir=b&limit=3&to=END']) {
      assert.deepEqual(bodies((await page(q)).chunk), ['m59', 'm58', 'm57'], q);
    }
    assert.deepEqual(bodies((await page('dir=f&limit=3&from=')).chunk), bodies((await page('dir=f&limit=3')).chunk));
  });

  test('dir=f without from starts at the beginning of the room, oldest first', async () => {
    const body = await page('dir=f&limit=3');
    assert.deepEqual(
      body.chunk.map((e: any) => e.type),
      ['m.room.create', 'm.room.member', 'm.room.power_levels'],
    );
    const next = await page(`dir=f&limit=50&from=${body.end}`);
    assert.equal(next.chunk[0].type, 'm.room.join_rules');
  });

  test('paging back through 60 messages returns each exactly once, and the end token disappears at the start', async () => {
    const seen: string[] = [];
    let from: string | undefined;
    let pages = 0;
    for (;;) {
      const body = await page(`dir=b&limit=7${from ? `&from=${from}` : ''}`);
      pages += 1;
      seen.push(...body.chunk.map((e: any) => e.event_id));
      if (body.end === undefined) break;
      from = body.end;
      assert.ok(pages < 50, 'pagination does not terminate');
    }
    const messages = sent.slice().reverse();
    assert.deepEqual(
      seen.filter((id) => sent.includes(id)),
      messages,
    );
    assert.equal(new Set(seen).size, seen.length);
    // The last events seen are the room's first.
    const oldest = await alice.api.get(`/rooms/${r(roomId)}/event/${r(seen[seen.length - 1]!)}`);
    assert.equal(oldest.body.type, 'm.room.create');
  });

  test('paging forwards from a backwards token meets the same events in order', async () => {
    const back = await page('dir=b&limit=10');
    const forward = await page(`dir=f&limit=10&from=${back.end}`);
    assert.deepEqual(
      forward.chunk.map((e: any) => e.event_id),
      back.chunk.map((e: any) => e.event_id).reverse(),
    );
    // At the live end, a forward page is empty and has no end token.
    const live = await page(`dir=f&limit=10&from=${back.start}`);
    assert.deepEqual(live.chunk, []);
    assert.equal(live.end, undefined);
  });

  test('to bounds the page', async () => {
    const first = await page('dir=b&limit=5');
    const second = await page(`dir=b&limit=5&from=${first.end}`);
    // From the live end back to second.end: exactly the first two pages.
    const bounded = await page(`dir=b&limit=100&to=${second.end}`);
    assert.deepEqual(
      bounded.chunk.map((e: any) => e.event_id),
      [...first.chunk, ...second.chunk].map((e: any) => e.event_id),
    );
    assert.equal(bounded.end, undefined);
    const forward = await page(`dir=f&from=${second.end}&to=${first.end}&limit=100`);
    assert.deepEqual(
      forward.chunk.map((e: any) => e.event_id),
      second.chunk.map((e: any) => e.event_id).reverse(),
    );
  });

  test('limit defaults to 10 and 0 gives an empty page', async () => {
    assert.equal((await page('dir=b')).chunk.length, 10);
    assert.equal((await page('dir=b&limit=0')).chunk.length, 0);
  });

  test('filter types, not_types and senders', async () => {
    const onlyState = await page(`dir=f&limit=100&filter=${r(JSON.stringify({ types: ['m.room.member'] }))}`);
    assert.ok(onlyState.chunk.length >= 2);
    assert.ok(onlyState.chunk.every((e: any) => e.type === 'm.room.member'));
    const noMessages = await page(`dir=b&limit=5&filter=${r(JSON.stringify({ not_types: ['m.room.message'] }))}`);
    assert.ok(noMessages.chunk.length > 0);
    assert.ok(noMessages.chunk.every((e: any) => e.type !== 'm.room.message'));
    const fromBob = await page(`dir=b&limit=5&filter=${r(JSON.stringify({ senders: [bob.userId], types: ['m.room.message'] }))}`);
    assert.deepEqual(bodies(fromBob.chunk), ['m57', 'm54', 'm51', 'm48', 'm45']);
    const wildcard = await page(`dir=b&limit=3&filter=${r(JSON.stringify({ types: ['m.room.mess*'] }))}`);
    assert.deepEqual(bodies(wildcard.chunk), ['m59', 'm58', 'm57']);
  });

  test("lazy_load_members returns the member events of the page's senders", async () => {
    const body = await page(`dir=b&limit=2&filter=${r(JSON.stringify({ lazy_load_members: true, types: ['m.room.message'], senders: [alice.userId] }))}`);
    assert.ok(Array.isArray(body.state));
    assert.deepEqual(
      body.state.map((e: any) => [e.type, e.state_key]),
      [['m.room.member', alice.userId]],
    );
    const both = await page(`dir=b&limit=3&filter=${r(JSON.stringify({ lazy_load_members: true }))}`);
    assert.deepEqual(both.state.map((e: any) => e.state_key).sort(), [alice.userId, bob.userId].sort());
    const plain = await page('dir=b&limit=2');
    assert.equal(plain.state, undefined);
  });

  test('bad parameters are 400s', async () => {
    expectError(await alice.api.get(`/rooms/${r(roomId)}/messages?dir=x`), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&from=garbage`), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=-1`), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&filter=notjson`), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&filter=${r(JSON.stringify({ types: 'x' }))}`), 400, 'M_BAD_JSON');
  });
});
