// The bench's bulk writer seeds Parley's storage in-process through the server's own
// actions. These tests seed small datasets with it, start the real (bundled) server on
// them and check through the public API that the data is what the server would have
// written: logins, memberships, history in order without gaps, signed and chained events,
// and a later send over HTTP landing after every seeded event.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import Sqlite from 'better-sqlite3';
import { computeEventId, decodeBase64, signingKeyFromSeed, verifyContentHash, verifyEventSignature, type Pdu } from '@parley/protocol/node';
import { rng } from '../src/core/rng.ts';
import type { Topology } from '../src/core/topology.ts';
import { BulkWriter } from '../src/seed/BulkWriter.ts';
import { seedBody } from '../src/seed/seedBody.ts';
import { BENCH_PASSWORD, ensureParleyBuilt, ParleyTarget } from '../src/targets/ParleyTarget.ts';

const PASSWORD = 'bulk-test-password';
const tmp = mkdtempSync(path.join(os.tmpdir(), 'parley-bulk-test-'));
const next = rng(7);
const bodies = Array.from({ length: 300 }, (_, i) => seedBody(i, next));

async function allMessagesOldestFirst(t: ParleyTarget, token: string, roomId: string): Promise<any[]> {
  const out: any[] = [];
  let from: string | undefined;
  for (;;) {
    const j: any = await t.api!.ok('GET', `/rooms/${encodeURIComponent(roomId)}/messages?dir=b&limit=64${from ? `&from=${encodeURIComponent(from)}` : ''}`, token);
    out.push(...j.chunk);
    if (!j.end || j.chunk.length === 0) break;
    from = j.end;
  }
  return out.reverse().filter((e) => e.type === 'm.room.message');
}

before(async () => {
  const missing = await ensureParleyBuilt();
  assert.equal(missing, undefined, `parley is not built: ${missing}`);
});

after(() => rmSync(tmp, { recursive: true, force: true }));

test('bulk-seeded users, rooms, joins and messages are served like sent ones', { timeout: 60_000 }, async () => {
  const dataDir = path.join(tmp, 'seeded');
  const w = await BulkWriter.open({ dataDir });
  let roomIds: string[];
  let seededAlice: { accessToken: string };
  try {
    const sessions = await w.registerUsers(['alice', 'bob', 'carol'], PASSWORD);
    const [alice, bob, carol] = await Promise.all(sessions.map((s) => w.auth(s)));
    seededAlice = sessions[0]!;
    roomIds = await w.createRooms([alice!, bob!]);
    const [r0, r1] = roomIds as [never, never];
    await w.joinAll([
      [bob!, r0],
      [carol!, r0],
      [carol!, r1],
    ]);
    // Fast path, then the sendEvent action itself, then the fast path again: one chain.
    await w.appendMessages(alice!, r0, 0, 250, (i) => bodies[i]!, { txnPrefix: 'seed', perBatch: 100 });
    await w.sendMessages(alice!, r0, 250, 260, (i) => bodies[i]!, { txnPrefix: 'seed', perBatch: 4 });
    await w.appendMessages(alice!, r0, 260, 300, (i) => bodies[i]!, { txnPrefix: 'seed', perBatch: 16 });
  } finally {
    await w.close();
  }
  const [r0, r1] = roomIds as [string, string];

  const t = new ParleyTarget('sqlite');
  await t.start(dataDir);
  try {
    const api = t.api!;
    // Login with the shared password (one argon2 hash for all three users).
    const carol = await api.login('carol', PASSWORD);
    const alice = await api.login('alice', PASSWORD);
    const [wrong] = await api.call('POST', '/login', undefined, { type: 'm.login.password', identifier: { type: 'm.id.user', user: 'bob' }, password: 'nope' });
    assert.equal(wrong, 403);

    // /sync shows both rooms and their members.
    const sync: any = await api.ok('GET', '/sync', carol.accessToken);
    assert.deepEqual(Object.keys(sync.rooms.join).sort(), [r0, r1].sort());
    const joinedIn = (room: string): string[] =>
      [...sync.rooms.join[room].state.events, ...sync.rooms.join[room].timeline.events]
        .filter((e: any) => e.type === 'm.room.member' && e.content.membership === 'join')
        .map((e: any) => e.state_key)
        .sort();
    assert.deepEqual([...new Set(joinedIn(r0))], ['@alice:localhost', '@bob:localhost', '@carol:localhost']);
    assert.deepEqual([...new Set(joinedIn(r1))], ['@bob:localhost', '@carol:localhost']);
    const members: any = await api.ok('GET', `/rooms/${encodeURIComponent(r0)}/joined_members`, carol.accessToken);
    assert.deepEqual(Object.keys(members.joined).sort(), ['@alice:localhost', '@bob:localhost', '@carol:localhost']);

    // /messages returns every seeded body, in order, nothing missing or repeated.
    const history = await allMessagesOldestFirst(t, carol.accessToken, r0);
    assert.deepEqual(
      history.map((e) => e.content.body),
      bodies,
    );
    assert.ok(history.every((e) => e.sender === '@alice:localhost' && e.content.msgtype === 'm.text'));

    // A send over HTTP lands after every seeded event: an incremental sync from before it shows it alone.
    const before: any = await api.ok('GET', '/sync', alice.accessToken);
    const sent: any = await api.ok('PUT', `/rooms/${encodeURIComponent(r0)}/send/m.room.message/after1`, alice.accessToken, { msgtype: 'm.text', body: 'after the seed' });
    const since: any = await api.ok('GET', `/sync?since=${encodeURIComponent(before.next_batch)}&timeout=0`, alice.accessToken);
    assert.deepEqual(
      since.rooms.join[r0].timeline.events.map((e: any) => e.event_id),
      [sent.event_id],
    );
    const newest: any = await api.ok('GET', `/rooms/${encodeURIComponent(r0)}/messages?dir=b&limit=2`, alice.accessToken);
    assert.deepEqual(
      newest.chunk.map((e: any) => e.content.body),
      ['after the seed', bodies[299]],
    );
    // The seeded session's token works, and its txn IDs are taken: resending one returns the seeded event.
    const again: any = await api.ok('PUT', `/rooms/${encodeURIComponent(r0)}/send/m.room.message/seed5`, seededAlice.accessToken, { msgtype: 'm.text', body: 'dup' });
    assert.equal(again.event_id, history[5].event_id);
  } finally {
    await t.stop();
  }

  // Stored events: hashed, signed by the server key, chained one after another, and the
  // fast path's rows have the shape of the action's (same auth events, txn columns).
  const db = new Sqlite(path.join(dataDir, 'parley.db'), { readonly: true });
  try {
    const key = db.prepare('SELECT key_id, seed FROM server_keys').get() as { key_id: string; seed: string };
    const signing = signingKeyFromSeed(key.key_id, decodeBase64(key.seed));
    const rows = db.prepare('SELECT * FROM events WHERE room_id = ? ORDER BY stream').all(r0) as any[];
    const streams = rows.map((r) => r.stream);
    assert.deepEqual(
      streams,
      [...streams].sort((a, b) => a - b),
    );
    let prev: any;
    for (const r of rows) {
      const pdu = JSON.parse(r.json) as Pdu;
      assert.equal(computeEventId(pdu, '10'), r.event_id);
      assert.ok(verifyContentHash(pdu));
      assert.ok(verifyEventSignature(pdu, 'localhost', signing.keyId, signing.publicKey, '10'));
      if (prev) {
        assert.deepEqual(pdu.prev_events, [prev.event_id]);
        assert.equal(pdu.depth, JSON.parse(prev.json).depth + 1);
      }
      prev = r;
    }
    const messages = rows.filter((r) => r.type === 'm.room.message');
    const fast = messages[249]!;
    const viaAction = messages[250]!;
    const shape = (r: any): unknown => ({ ...r, stream: 0, event_id: 0, json: 0, origin_server_ts: 0, txn_id: 0 });
    assert.deepEqual(shape(fast), shape(viaAction));
    assert.deepEqual(JSON.parse(fast.json).auth_events, JSON.parse(viaAction.json).auth_events);
    const txns = db.prepare("SELECT txn_id, event_id FROM event_txns WHERE txn_id LIKE 'seed%'").all() as any[];
    assert.equal(txns.length, 300);
    const eventOfTxn = new Map(txns.map((t) => [t.txn_id, t.event_id]));
    messages.slice(0, 300).forEach((m, i) => assert.equal(eventOfTxn.get(`seed${i}`), m.event_id));
    const head = db.prepare('SELECT last_event_id, last_depth FROM rooms WHERE room_id = ?').get(r0) as any;
    assert.equal(head.last_event_id, rows.at(-1).event_id);
    assert.equal(head.last_depth, JSON.parse(rows.at(-1).json).depth);
  } finally {
    db.close();
  }
});

test('ParleyTarget.prepare writes a topology in-process and reuses it from the cache', { timeout: 60_000 }, async () => {
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = path.join(tmp, 'prepare');
  const topo: Topology = {
    users: 6,
    rooms: 3,
    members: [
      [0, 1, 2],
      [2, 3, 4, 5],
      [5, 0],
    ],
    roomsOf: [[0, 2], [0], [0, 1], [1], [1], [1, 2]],
  };
  const tokens: string[][] = [];
  try {
    for (const round of ['written', 'cached']) {
      const t = new ParleyTarget('sqlite');
      await t.start();
      try {
        await t.prepare(topo);
        for (let u = 0; u < topo.users; u++) {
          const joined: any = await t.api!.ok('GET', '/joined_rooms', t.sessions[u]!.accessToken);
          assert.deepEqual(joined.joined_rooms.sort(), topo.roomsOf[u]!.map((r) => t.roomIds[r]).sort(), `${round}: rooms of u${u}`);
        }
        await t.api!.login('u3', BENCH_PASSWORD);
        tokens.push(t.sessions.map((s) => s.accessToken));
      } finally {
        await t.stop();
      }
    }
    // The second target reused the cached data dir and tokens rather than writing again.
    assert.deepEqual(tokens[1], tokens[0]);
  } finally {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
  }
});
