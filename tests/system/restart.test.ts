import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeEventId, verifyEventSignature, type RoomVersion } from '@parley/protocol/node';
import { ENDPOINTS } from '@parley/server';
import { DATABASES, createScratchPostgres, type ScratchDatabase } from '../support/testDatabases.ts';
import { startTestServer, type TestServer, type TestServerOptions } from '../support/testServer.ts';
import { Api, expectError, registerUser, type TestUser } from '../support/client.ts';
import { createRoom, invite, join as joinRoom, r, sendText } from '../support/factories.ts';
import { findEvent, parsePdu } from '../../apps/server/src/storage/repos/events.ts';

const hasAccountData = ENDPOINTS.some((e) => e.method === 'PUT' && e.path.endsWith('/user/{userId}/account_data/{type}'));

/** Drops `unsigned.age` (it grows with the clock) so two reads of the same data compare equal. */
function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (k !== 'age') out[k] = stable(v);
  return out;
}

interface Snapshot {
  whoami: unknown[];
  state: unknown;
  messages: unknown;
  events: unknown[];
  joinedRooms: unknown;
  bobJoinedRooms: unknown;
  filter: unknown;
  accountData: unknown;
  roomAccountData: unknown;
}

for (const kind of DATABASES) {
  describe(`restart keeps everything [${kind}]`, () => {
    let opts: TestServerOptions;
    let dataDir: string | undefined;
    let scratch: ScratchDatabase | undefined;
    let server: TestServer;
    let alice: TestUser;
    let aliceSecond: Api;
    let bob: TestUser;
    let carol: TestUser;
    let roomId: string;
    let privateRoomId: string;
    let filterId: string;
    let sinceBefore: string;
    const eventIds: string[] = [];
    let publicKeyBefore: string;
    let keyIdBefore: string;
    let before_: Snapshot;

    /** A restarted server listens on a new port: point every client at it, with the same tokens. */
    async function restart(): Promise<void> {
      await server.close();
      server = await startTestServer(kind, opts);
      const moved = (u: TestUser): TestUser => ({ ...u, api: new Api(server.url, u.accessToken) });
      alice = moved(alice);
      bob = moved(bob);
      carol = moved(carol);
      aliceSecond = new Api(server.url, aliceSecond.accessToken);
    }

    async function snapshot(): Promise<Snapshot> {
      const whoami = await Promise.all([alice.api, aliceSecond, bob.api, carol.api].map(async (a) => (await a.get('/account/whoami')).body));
      const state = (await alice.api.get(`/rooms/${r(roomId)}/state`)).body;
      const messages = (await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=100`)).body;
      const events = await Promise.all(eventIds.map(async (id) => (await bob.api.get(`/rooms/${r(roomId)}/event/${r(id)}`)).body));
      const joinedRooms = (await alice.api.get('/joined_rooms')).body;
      const bobJoinedRooms = (await bob.api.get('/joined_rooms')).body;
      const filter = (await alice.api.get(`/user/${r(alice.userId)}/filter/${r(filterId)}`)).body;
      const accountData = hasAccountData ? (await alice.api.get(`/user/${r(alice.userId)}/account_data/org.parley.test`)).body : null;
      const roomAccountData = hasAccountData ? (await alice.api.get(`/user/${r(alice.userId)}/rooms/${r(roomId)}/account_data/org.parley.room`)).body : null;
      return stable({ whoami, state, messages, events, joinedRooms, bobJoinedRooms, filter, accountData, roomAccountData }) as Snapshot;
    }

    before(async () => {
      if (kind === 'sqlite') {
        dataDir = mkdtempSync(join(tmpdir(), 'parley-restart-'));
        opts = { dataDir };
      } else {
        scratch = await createScratchPostgres();
        opts = { postgres: scratch };
      }
      server = await startTestServer(kind, opts);
      keyIdBefore = server.deps.signingKey.keyId;
      publicKeyBefore = server.deps.signingKey.publicKey;

      alice = await registerUser(server.url);
      bob = await registerUser(server.url);
      carol = await registerUser(server.url);
      const login = await new Api(server.url).post('/login', { type: 'm.login.password', identifier: { type: 'm.id.user', user: alice.localpart }, password: alice.password });
      assert.equal(login.status, 200);
      aliceSecond = new Api(server.url, login.body.access_token);

      roomId = await createRoom(alice, { preset: 'public_chat', name: 'Before', topic: 'kept across restarts' });
      await joinRoom(bob, roomId);
      await joinRoom(carol, roomId);
      eventIds.push(await sendText(alice, roomId, 'first words'));
      eventIds.push(await sendText(bob, roomId, 'a reply'));
      const custom = await alice.api.put(`/rooms/${r(roomId)}/state/org.parley.custom/key`, { value: 42 });
      assert.equal(custom.status, 200);
      eventIds.push(custom.body.event_id);
      const doomed = await sendText(bob, roomId, 'to be redacted');
      const redaction = await bob.api.put(`/rooms/${r(roomId)}/redact/${r(doomed)}/rd1`, { reason: 'typo' });
      assert.equal(redaction.status, 200);
      eventIds.push(doomed, redaction.body.event_id);
      const leave = await carol.api.post(`/rooms/${r(roomId)}/leave`, {});
      assert.equal(leave.status, 200);

      privateRoomId = await createRoom(alice, { preset: 'private_chat' });
      await invite(alice, privateRoomId, bob.userId);

      const f = await alice.api.post(`/user/${r(alice.userId)}/filter`, { room: { timeline: { limit: 7 } } });
      assert.equal(f.status, 200);
      filterId = f.body.filter_id;
      if (hasAccountData) {
        assert.equal((await alice.api.put(`/user/${r(alice.userId)}/account_data/org.parley.test`, { kept: true })).status, 200);
        assert.equal((await alice.api.put(`/user/${r(alice.userId)}/rooms/${r(roomId)}/account_data/org.parley.room`, { pinned: 1 })).status, 200);
      }
      const sync = await bob.api.get('/sync?timeout=0');
      assert.equal(sync.status, 200);
      sinceBefore = sync.body.next_batch;

      before_ = await snapshot();
      await restart();
    });

    after(async () => {
      await server?.close();
      await scratch?.drop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    test('every token, room, message, state event and filter reads back the same', async () => {
      const afterRestart = await snapshot();
      assert.deepEqual(afterRestart, before_);
      // The snapshot is not vacuous: it holds what was written.
      assert.equal((before_.whoami[0] as { user_id: string }).user_id, alice.userId);
      assert.equal((before_.whoami[1] as { user_id: string }).user_id, alice.userId);
      assert.deepEqual((before_.joinedRooms as { joined_rooms: string[] }).joined_rooms.sort(), [roomId, privateRoomId].sort());
      assert.deepEqual((before_.bobJoinedRooms as { joined_rooms: string[] }).joined_rooms, [roomId]);
      assert.deepEqual((before_.filter as { room: unknown }).room, { timeline: { limit: 7 } });
      const state = before_.state as Array<{ type: string; state_key: string; content: Record<string, unknown> }>;
      assert.equal(state.find((e) => e.type === 'm.room.name')?.content.name, 'Before');
      assert.equal(state.find((e) => e.type === 'org.parley.custom')?.content.value, 42);
      assert.equal(state.find((e) => e.type === 'm.room.member' && e.state_key === carol.userId)?.content.membership, 'leave');
      const events = before_.events as Array<{ event_id: string; content: Record<string, unknown> }>;
      assert.deepEqual(
        events.map((e) => e.event_id),
        eventIds,
      );
      assert.equal(events[0]?.content.body, 'first words');
      assert.deepEqual(events[3]?.content, {}, 'the redaction stays applied');
      if (hasAccountData) {
        assert.deepEqual(before_.accountData, { kept: true });
        assert.deepEqual(before_.roomAccountData, { pinned: 1 });
      }
    });

    test('the signing key is unchanged and stored events still validate', async () => {
      assert.equal(server.deps.signingKey.keyId, keyIdBefore);
      assert.equal(server.deps.signingKey.publicKey, publicKeyBefore);
      const create = await alice.api.get(`/rooms/${r(roomId)}/state/m.room.create/`);
      const roomVersion = (create.body.room_version ?? '1') as RoomVersion;
      const fresh = await sendText(alice, roomId, 'after the restart');
      for (const id of [...eventIds, fresh]) {
        const row = await findEvent(server.deps.database.db, id);
        assert.ok(row, `event ${id} is stored`);
        const pdu = parsePdu(row);
        assert.equal(computeEventId(pdu, roomVersion), id, 'the event ID is the reference hash');
        assert.ok(verifyEventSignature(pdu, server.config.serverName, keyIdBefore, publicKeyBefore, roomVersion), `signature of ${id}`);
      }
    });

    test('writes continue where they stopped: invites, sends, incremental sync from an old token', async () => {
      const joinPrivate = await bob.api.post(`/rooms/${r(privateRoomId)}/join`, {});
      assert.equal(joinPrivate.status, 200, 'the invite survived the restart');
      const fresh = await sendText(bob, roomId, 'bob after restart');
      const sync = await bob.api.get(`/sync?timeout=0&since=${encodeURIComponent(sinceBefore)}`);
      assert.equal(sync.status, 200);
      const timeline = (sync.body.rooms?.join?.[roomId]?.timeline?.events ?? []) as Array<{ event_id: string; content: { body?: string } }>;
      const bodies = timeline.map((e) => e.content.body).filter((b) => b !== undefined);
      assert.ok(bodies.includes('bob after restart'));
      assert.ok(!bodies.includes('first words'), 'an old since token does not replay history');
      assert.ok(timeline.some((e) => e.event_id === fresh));
      assert.ok(sync.body.rooms?.join?.[privateRoomId], 'the join made after the restart is in the sync');
      // Logged-out tokens stay logged out; others stay valid.
      assert.equal((await aliceSecond.post('/logout', {})).status, 200);
      expectError(await aliceSecond.get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
      await restart();
      expectError(await aliceSecond.get('/account/whoami'), 401, 'M_UNKNOWN_TOKEN');
      assert.equal((await alice.api.get('/account/whoami')).body.user_id, alice.userId);
      const page = await carol.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=100`);
      assert.equal(page.status, 200);
      assert.ok(!page.body.chunk.some((e: { event_id: string }) => e.event_id === fresh), 'a departed member stays bounded at the leave');
    });
  });
}
