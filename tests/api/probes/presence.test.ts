import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join as joinPath } from 'node:path';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { Api, expectError, registerUser, type TestUser } from '../../support/client.ts';
import { createRoom, join, r } from '../../support/factories.ts';
import { startTestServer, type TestServer } from '../../support/testServer.ts';
import { DATABASES, createScratchPostgres, type ScratchDatabase } from '../../support/testDatabases.ts';

type Json = Record<string, any>;
const ON = { file: { presence: { enabled: true } } };

const status = (u: TestUser | string): string => `/presence/${r(typeof u === 'string' ? u : u.userId)}/status`;
const presenceOf = (sync: Json, userId: string): Json | undefined => (sync.presence?.events ?? []).find((e: Json) => e.sender === userId);

onEachDatabase('presence', ON, (ctx) => {
  const { alice, bob, stranger } = registerUsersBefore(ctx, ['alice', 'bob', 'stranger']);
  let roomId: string;

  test('PUT and GET own presence, with a status message', async () => {
    assert.equal((await alice.api.put(status(alice), { presence: 'unavailable', status_msg: 'lunch' })).status, 200);
    const got = await alice.api.get(status(alice));
    assert.equal(got.status, 200);
    assert.equal(got.body.presence, 'unavailable');
    assert.equal(got.body.status_msg, 'lunch');
    assert.equal(got.body.currently_active, false);
    assert.equal(typeof got.body.last_active_ago, 'number');
    assert.equal((await alice.api.put(status(alice), { presence: 'online' })).status, 200);
    const again = (await alice.api.get(status(alice))).body;
    assert.equal(again.presence, 'online');
    assert.equal(again.currently_active, true);
    assert.equal(again.status_msg, undefined, 'a PUT without status_msg clears it');
  });

  test("another user's presence cannot be set, and bad bodies are refused", async () => {
    expectError(await alice.api.put(status(bob), { presence: 'online' }), 403, 'M_FORBIDDEN');
    expectError(await alice.api.put(status(alice), { presence: 'busy' }), 400, 'M_BAD_JSON');
    expectError(await alice.api.put(status(alice), {}), 400, 'M_BAD_JSON');
    expectError(await alice.api.put(status(alice), { presence: 'online', status_msg: 'x'.repeat(1025) }), 400, 'M_BAD_JSON');
    expectError(await alice.api.get(status('not-a-user')), 400, 'M_INVALID_PARAM');
  });

  test('a stranger cannot see presence; a room-mate can', async () => {
    expectError(await stranger.api.get(status(alice)), 403, 'M_FORBIDDEN');
    expectError(await stranger.api.get(status('@nobody:localhost')), 403, 'M_FORBIDDEN');
    expectError(await bob.api.get(status(alice)), 403, 'M_FORBIDDEN');
    roomId = await createRoom(alice);
    await alice.api.post(`/rooms/${r(roomId)}/invite`, { user_id: bob.userId });
    await join(bob, roomId);
    const seen = await bob.api.get(status(alice));
    assert.equal(seen.status, 200);
    assert.equal(seen.body.presence, 'online');
    expectError(await stranger.api.get(status(alice)), 403, 'M_FORBIDDEN');
  });

  test("a room-mate's /sync gets m.presence; a stranger's does not", async () => {
    const bobSince = (await bob.api.get('/sync?timeout=0')).body.next_batch as string;
    const strangerInitial = (await stranger.api.get('/sync?timeout=0')).body;
    assert.equal(presenceOf(strangerInitial, alice.userId), undefined);
    // The change wakes bob's long-poll.
    const poll = bob.api.get(`/sync?timeout=30000&since=${r(bobSince)}`);
    await alice.api.put(status(alice), { presence: 'unavailable', status_msg: 'in a meeting' });
    const woken = (await poll).body;
    const ev = presenceOf(woken, alice.userId);
    assert.ok(ev, 'bob sees alice change');
    assert.equal(ev.type, 'm.presence');
    assert.equal(ev.content.presence, 'unavailable');
    assert.equal(ev.content.status_msg, 'in a meeting');
    assert.equal(ev.content.currently_active, false);
    assert.equal(typeof ev.content.last_active_ago, 'number');
    // Alice sees her own.
    assert.equal(presenceOf((await alice.api.get('/sync?timeout=0&set_presence=offline')).body, alice.userId)?.content.presence, 'unavailable');
    // The stranger's incremental sync carries nothing of it.
    const strangerNext = (await stranger.api.get(`/sync?timeout=0&since=${r(strangerInitial.next_batch)}`)).body;
    assert.equal(presenceOf(strangerNext, alice.userId), undefined);
    // A fresh initial sync of bob's shows alice's current presence.
    assert.equal(presenceOf((await bob.api.get('/sync?timeout=0')).body, alice.userId)?.content.status_msg, 'in a meeting');
  });

  test("joining a room brings its members' presence in the joiner's next /sync", async () => {
    const erin = await registerUser(ctx.server.url);
    const frank = await registerUser(ctx.server.url);
    const room = await createRoom(erin, { preset: 'public_chat' });
    await erin.api.put(status(erin), { presence: 'unavailable', status_msg: 'reading' });
    const since = (await frank.api.get('/sync?timeout=0')).body.next_batch as string;
    await join(frank, room);
    const next = (await frank.api.get(`/sync?timeout=0&since=${r(since)}`)).body;
    assert.equal(presenceOf(next, erin.userId)?.content.status_msg, 'reading');
    // Only once: the sync after that has nothing new of erin.
    const after = (await frank.api.get(`/sync?timeout=0&since=${r(next.next_batch)}`)).body;
    assert.equal(presenceOf(after, erin.userId), undefined);
    // A profile change moves frank's member event but is not a new join: erin's presence is not re-sent.
    assert.equal((await frank.api.put(`/profile/${r(frank.userId)}/displayname`, { displayname: 'Frank again' })).status, 200);
    const renamed = (await frank.api.get(`/sync?timeout=0&since=${r(after.next_batch)}`)).body;
    assert.ok(renamed.rooms.join[room], 'the rename is in the sync');
    assert.equal(presenceOf(renamed, erin.userId), undefined);
  });

  test("someone joining the user's room brings their presence in the user's next /sync (as Synapse does)", async () => {
    const gina = await registerUser(ctx.server.url);
    const hank = await registerUser(ctx.server.url);
    const room = await createRoom(gina, { preset: 'public_chat' });
    await hank.api.put(status(hank), { presence: 'unavailable', status_msg: 'new here' });
    const since = (await gina.api.get('/sync?timeout=0&set_presence=offline')).body.next_batch as string;
    // The join wakes gina's long-poll, and that response (or the next) carries hank's presence.
    const poll = gina.api.get(`/sync?timeout=30000&set_presence=offline&since=${r(since)}`);
    await join(hank, room);
    let next = (await poll).body;
    if (!next.rooms?.join?.[room]) next = (await gina.api.get(`/sync?timeout=0&set_presence=offline&since=${r(since)}`)).body;
    assert.equal(presenceOf(next, hank.userId)?.content.status_msg, 'new here');
    // Only once: the sync after that has nothing new of hank.
    const after = (await gina.api.get(`/sync?timeout=0&set_presence=offline&since=${r(next.next_batch)}`)).body;
    assert.equal(presenceOf(after, hank.userId), undefined);
    // A profile change moves hank's member event but is no new join: his presence is not re-sent.
    assert.equal((await hank.api.put(`/profile/${r(hank.userId)}/displayname`, { displayname: 'Hank again' })).status, 200);
    const renamed = (await gina.api.get(`/sync?timeout=0&set_presence=offline&since=${r(after.next_batch)}`)).body;
    assert.ok(renamed.rooms.join[room], 'the rename is in the sync');
    assert.equal(presenceOf(renamed, hank.userId), undefined);
    // Nor does a join to a room gina is not in.
    const elsewhere = await createRoom(hank, { preset: 'public_chat' });
    const ivan = await registerUser(ctx.server.url);
    await ivan.api.put(status(ivan), { presence: 'online' });
    await join(ivan, elsewhere);
    const unrelated = (await gina.api.get(`/sync?timeout=0&set_presence=offline&since=${r(renamed.next_batch)}`)).body;
    assert.equal(presenceOf(unrelated, ivan.userId), undefined);
  });

  test('set_presence on /sync: online by default, offline leaves it, unavailable sets it', async () => {
    const carol = await registerUser(ctx.server.url);
    const room = await createRoom(carol);
    await carol.api.post(`/rooms/${r(room)}/invite`, { user_id: bob.userId });
    await join(bob, room);
    // Carol never synced: offline.
    assert.equal((await bob.api.get(status(carol))).body.presence, 'offline');
    await carol.api.get('/sync?timeout=0&set_presence=offline');
    assert.equal((await bob.api.get(status(carol))).body.presence, 'offline', 'offline does not mark online');
    await carol.api.get('/sync?timeout=0&set_presence=unavailable');
    assert.equal((await bob.api.get(status(carol))).body.presence, 'unavailable');
    await carol.api.get('/sync?timeout=0');
    assert.equal((await bob.api.get(status(carol))).body.presence, 'online');
    expectError(await carol.api.get('/sync?timeout=0&set_presence=busy'), 400, 'M_INVALID_PARAM');
  });

  test('two devices syncing as online and unavailable keep the user online and wake nobody', async () => {
    const erin = await registerUser(ctx.server.url);
    const room = await createRoom(erin);
    await erin.api.post(`/rooms/${r(room)}/invite`, { user_id: bob.userId });
    await join(bob, room);
    const login = await new Api(ctx.server.url).post('/login', { type: 'm.login.password', identifier: { type: 'm.id.user', user: erin.userId }, password: erin.password });
    assert.equal(login.status, 200);
    const laptop = erin.api;
    const phone = erin.api.withToken(login.body.access_token as string);
    await laptop.get('/sync?timeout=0');
    await phone.get('/sync?timeout=0&set_presence=unavailable');
    assert.equal((await bob.api.get(status(erin))).body.presence, 'online', 'the most present device wins');
    const notifier = ctx.server.deps.notifier;
    const original = notifier.notify.bind(notifier);
    const woken: string[][] = [];
    notifier.notify = (position, userIds, kinds, fromPeer) => {
      woken.push([...userIds]);
      original(position, userIds, kinds, fromPeer);
    };
    try {
      for (let i = 0; i < 3; i++) {
        await laptop.get('/sync?timeout=0');
        await phone.get('/sync?timeout=0&set_presence=unavailable');
      }
    } finally {
      notifier.notify = original;
    }
    assert.deepEqual(woken, [], 'alternating syncs of two devices do not flip the state');
    assert.equal((await bob.api.get(status(erin))).body.presence, 'online');
  });

  test('online -> online on each /sync emits no change and wakes nobody', async () => {
    const dave = await registerUser(ctx.server.url);
    const since = (await dave.api.get('/sync?timeout=0')).body.next_batch as string;
    const notifier = ctx.server.deps.notifier;
    const original = notifier.notify.bind(notifier);
    const woken: string[][] = [];
    notifier.notify = (position, userIds, kinds, fromPeer) => {
      woken.push([...userIds]);
      original(position, userIds, kinds, fromPeer);
    };
    try {
      for (let i = 0; i < 3; i++) assert.equal((await dave.api.get(`/sync?timeout=0&since=${r(since)}`)).status, 200);
    } finally {
      notifier.notify = original;
    }
    assert.deepEqual(woken, []);
  });
});

onEachDatabase('presence timeouts', { file: { presence: { enabled: true, idle_timeout_ms: 40, offline_timeout_ms: 100_000 } } }, (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);

  test('an online user with no activity reads as unavailable, computed on read', async () => {
    const roomId = await createRoom(alice);
    await alice.api.post(`/rooms/${r(roomId)}/invite`, { user_id: bob.userId });
    await join(bob, roomId);
    await alice.api.put(status(alice), { presence: 'online' });
    await new Promise((res) => setTimeout(res, 80));
    const got = (await bob.api.get(status(alice))).body;
    assert.equal(got.presence, 'unavailable');
    assert.ok(got.last_active_ago >= 40);
  });
});

onEachDatabase('presence timeouts (offline)', { file: { presence: { enabled: true, idle_timeout_ms: 100_000, offline_timeout_ms: 40 } } }, (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);

  test('a user not seen for the offline timeout reads as offline', async () => {
    await alice.api.put(status(alice), { presence: 'online' });
    await new Promise((res) => setTimeout(res, 80));
    assert.equal((await alice.api.get(status(alice))).body.presence, 'offline');
  });
});

onEachDatabase('presence disabled', { file: { presence: { enabled: false } } }, (ctx) => {
  const { alice, bob, stranger } = registerUsersBefore(ctx, ['alice', 'bob', 'stranger']);

  test('PUT is accepted and ignored, GET says offline, /sync has no presence', async () => {
    const roomId = await createRoom(alice);
    await alice.api.post(`/rooms/${r(roomId)}/invite`, { user_id: bob.userId });
    await join(bob, roomId);
    assert.equal((await alice.api.put(status(alice), { presence: 'online', status_msg: 'hi' })).status, 200);
    assert.deepEqual((await alice.api.get(status(alice))).body, { presence: 'offline' });
    assert.deepEqual((await bob.api.get(status(alice))).body, { presence: 'offline' });
    expectError(await stranger.api.get(status(alice)), 403, 'M_FORBIDDEN');
    await alice.api.get('/sync?timeout=0');
    assert.deepEqual((await bob.api.get('/sync?timeout=0')).body.presence, { events: [] });
  });
});

describe('presence survives a restart', () => {
  for (const kind of DATABASES) {
    test(`[${kind}]`, async () => {
      const dataDir = kind === 'sqlite' ? mkdtempSync(joinPath(tmpdir(), 'parley-presence-')) : undefined;
      const postgres: ScratchDatabase | undefined = kind === 'postgres' ? await createScratchPostgres() : undefined;
      const opts = { file: { presence: { enabled: true } }, ...(dataDir ? { dataDir } : {}), ...(postgres ? { postgres } : {}) };
      let server: TestServer = await startTestServer(kind, opts);
      try {
        const alice = await registerUser(server.url);
        assert.equal((await alice.api.put(status(alice), { presence: 'unavailable', status_msg: 'away for a bit' })).status, 200);
        await server.close();
        server = await startTestServer(kind, opts);
        const api = new Api(server.url, alice.accessToken);
        const got = (await api.get(status(alice))).body;
        assert.equal(got.presence, 'unavailable');
        assert.equal(got.status_msg, 'away for a bit');
      } finally {
        await server.close();
        await postgres?.drop();
        if (dataDir) rmSync(dataDir, { recursive: true, force: true });
      }
    });
  }
});
