import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUser, type ApiResponse, type TestUser } from '../../support/client.ts';
import { createRoom, invite, join, r, sendText } from '../../support/factories.ts';
import { withPasswordAuth } from '../../support/uia.ts';

/**
 * Every room kind × every relation a user can have to it × every read endpoint, asserting
 * exactly what each relation may read: current members and world-readable rooms everything;
 * former members (left, kicked, banned after joining) the room up to their departure; everyone
 * else the same refusal a random room ID gets, so a private room cannot be told from a missing one.
 */

const ROOM_KINDS = {
  shared: { preset: 'private_chat', hv: 'shared' },
  invited: { preset: 'private_chat', hv: 'invited' },
  joined: { preset: 'private_chat', hv: 'joined' },
  knock: { preset: 'private_chat', hv: 'shared', joinRule: 'knock' },
  public: { preset: 'public_chat', hv: 'shared' },
  worldReadable: { preset: 'public_chat', hv: 'world_readable' },
} as const;
type RoomKind = keyof typeof ROOM_KINDS;

const RELATIONS = [
  'never',
  'invited',
  'rejected',
  'knocking',
  'knockRescinded',
  'joined',
  'left',
  'kicked',
  'bannedBeforeJoin',
  'bannedAfterJoin',
  'forgotten',
  'deactivated',
] as const;
type Relation = (typeof RELATIONS)[number];

/** What a relation may read: everything, up to its departure, nothing, or nothing at all (dead token). */
type Expectation = 'member' | 'reader' | 'departed' | 'refused' | 'unauthenticated';

function expectationFor(kind: RoomKind, relation: Relation): Expectation {
  if (relation === 'deactivated') return 'unauthenticated';
  if (relation === 'joined') return 'member';
  if (ROOM_KINDS[kind].hv === 'world_readable') return 'reader';
  if (relation === 'left' || relation === 'kicked' || relation === 'bannedAfterJoin') return 'departed';
  return 'refused';
}

interface Room {
  kind: RoomKind;
  roomId: string;
  duringId: string;
  afterId: string;
  originalName: string;
}

const RANDOM_ROOM = '!doesNotExist0123456789:localhost';
const bodies = (events: any[]): string[] => events.filter((e) => e.type === 'm.room.message').map((e) => e.content.body);

onEachDatabase('read access: room kind × relation × endpoint', (ctx) => {
  let owner: TestUser;
  let latecomer: TestUser;
  const viewers = new Map<Relation, TestUser>();
  const rooms: Room[] = [];

  const ok = (res: ApiResponse, what: string): void => assert.equal(res.status, 200, `${what}: ${res.status} ${JSON.stringify(res.body)}`);
  const post = async (user: TestUser, path: string, body: Record<string, unknown> = {}): Promise<void> => ok(await user.api.post(path, body), path);

  /** Brings a user into the room the way its join rule allows. */
  const enter = async (kind: RoomKind, roomId: string, user: TestUser): Promise<void> => {
    if (ROOM_KINDS[kind].preset !== 'public_chat') await invite(owner, roomId, user.userId);
    await join(user, roomId);
  };

  before(async () => {
    owner = await registerUser(ctx.server.url);
    latecomer = await registerUser(ctx.server.url);
    for (const relation of RELATIONS) viewers.set(relation, await registerUser(ctx.server.url));
    const v = (relation: Relation): TestUser => viewers.get(relation)!;

    for (const kind of Object.keys(ROOM_KINDS) as RoomKind[]) {
      const spec = ROOM_KINDS[kind];
      const originalName = `original name ${kind}`;
      const initialState: Array<Record<string, unknown>> = [{ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: spec.hv } }];
      if ('joinRule' in spec) initialState.push({ type: 'm.room.join_rules', state_key: '', content: { join_rule: spec.joinRule } });
      const roomId = await createRoom(owner, { preset: spec.preset, name: originalName, initial_state: initialState });
      await sendText(owner, roomId, `before ${kind}`);

      // Relations that begin before the conversation goes on.
      for (const relation of ['joined', 'left', 'kicked', 'bannedAfterJoin', 'forgotten', 'deactivated'] as const) await enter(kind, roomId, v(relation));
      await invite(owner, roomId, v('invited').userId);
      await invite(owner, roomId, v('rejected').userId);
      if (kind === 'knock') {
        await post(v('knocking'), `/knock/${r(roomId)}`);
        await post(v('knockRescinded'), `/knock/${r(roomId)}`);
      }
      await post(owner, `/rooms/${r(roomId)}/ban`, { user_id: v('bannedBeforeJoin').userId });
      const duringId = await sendText(owner, roomId, `during ${kind}`);

      // Departures.
      await post(v('rejected'), `/rooms/${r(roomId)}/leave`);
      if (kind === 'knock') await post(v('knockRescinded'), `/rooms/${r(roomId)}/leave`);
      await post(v('left'), `/rooms/${r(roomId)}/leave`);
      await post(owner, `/rooms/${r(roomId)}/kick`, { user_id: v('kicked').userId });
      await post(owner, `/rooms/${r(roomId)}/ban`, { user_id: v('bannedAfterJoin').userId });
      await post(v('forgotten'), `/rooms/${r(roomId)}/leave`);
      await post(v('forgotten'), `/rooms/${r(roomId)}/forget`);

      // What happens after: nobody who left may see it.
      ok(await owner.api.put(`/rooms/${r(roomId)}/state/m.room.name`, { name: `renamed ${kind}` }), 'rename');
      const afterId = await sendText(owner, roomId, `after ${kind}`);
      await enter(kind, roomId, latecomer);
      rooms.push({ kind, roomId, duringId, afterId, originalName });
    }
    const deactivated = v('deactivated');
    ok(await withPasswordAuth(deactivated.api, deactivated, 'POST', '/account/deactivate'), 'deactivate');
  });

  /** The read endpoints, each a request for a room (real or random) naming events of the real room. */
  const ENDPOINTS: Record<string, (roomId: string, room: Room) => string> = {
    state: (roomId) => `/rooms/${r(roomId)}/state`,
    stateEvent: (roomId) => `/rooms/${r(roomId)}/state/m.room.name`,
    members: (roomId) => `/rooms/${r(roomId)}/members`,
    joinedMembers: (roomId) => `/rooms/${r(roomId)}/joined_members`,
    messages: (roomId) => `/rooms/${r(roomId)}/messages?dir=b&limit=100`,
    eventDuring: (roomId, room) => `/rooms/${r(roomId)}/event/${r(room.duringId)}`,
    contextDuring: (roomId, room) => `/rooms/${r(roomId)}/context/${r(room.duringId)}?limit=100`,
    eventAfter: (roomId, room) => `/rooms/${r(roomId)}/event/${r(room.afterId)}`,
    aliases: (roomId) => `/rooms/${r(roomId)}/aliases`,
    initialSync: (roomId) => `/rooms/${r(roomId)}/initialSync?limit=100`,
  };

  /** Checks one 200 answer against what the relation may see. */
  function checkReadable(endpoint: string, res: ApiResponse, room: Room, expectation: Expectation, viewer: TestUser): void {
    const upToDeparture = expectation === 'departed';
    const where = `${endpoint} ${room.kind}`;
    switch (endpoint) {
      case 'state': {
        const name = res.body.find((e: any) => e.type === 'm.room.name')?.content.name;
        assert.equal(name, upToDeparture ? room.originalName : `renamed ${room.kind}`, where);
        assert.equal(
          res.body.some((e: any) => e.state_key === latecomer.userId),
          !upToDeparture,
          `${where}: latecomer`,
        );
        break;
      }
      case 'stateEvent':
        assert.equal(res.body.name, upToDeparture ? room.originalName : `renamed ${room.kind}`, where);
        break;
      case 'members':
        assert.equal(
          res.body.chunk.some((e: any) => e.state_key === latecomer.userId),
          !upToDeparture,
          `${where}: latecomer`,
        );
        break;
      case 'messages': {
        const seen = bodies(res.body.chunk);
        assert.ok(seen.includes(`during ${room.kind}`), `${where}: during`);
        assert.equal(seen.includes(`after ${room.kind}`), !upToDeparture, `${where}: after`);
        break;
      }
      case 'contextDuring':
        assert.equal(res.body.event.event_id, room.duringId, where);
        assert.equal(bodies(res.body.events_after).includes(`after ${room.kind}`), !upToDeparture, `${where}: after`);
        assert.equal(
          res.body.state.some((e: any) => e.type === 'm.room.name' && e.content.name === `renamed ${room.kind}`),
          !upToDeparture,
          `${where}: state after the departure`,
        );
        break;
      case 'eventDuring':
      case 'eventAfter':
        assert.equal(res.body.content.body, `${endpoint === 'eventDuring' ? 'during' : 'after'} ${room.kind}`, where);
        break;
      case 'joinedMembers':
        assert.ok(viewer.userId in res.body.joined, where);
        break;
      case 'initialSync': {
        const name = res.body.state.find((e: any) => e.type === 'm.room.name')?.content.name;
        assert.equal(name, upToDeparture ? room.originalName : `renamed ${room.kind}`, where);
        const seen = bodies(res.body.messages.chunk);
        assert.ok(seen.includes(`during ${room.kind}`), `${where}: during`);
        assert.equal(seen.includes(`after ${room.kind}`), !upToDeparture, `${where}: after`);
        break;
      }
    }
  }

  for (const kind of Object.keys(ROOM_KINDS) as RoomKind[]) {
    for (const relation of RELATIONS) {
      const expectation = expectationFor(kind, relation);
      test(`${kind} room, ${relation}: ${expectation}`, async () => {
        const room = rooms.find((x) => x.kind === kind)!;
        const viewer = viewers.get(relation)!;
        for (const [endpoint, path] of Object.entries(ENDPOINTS)) {
          const res = await viewer.api.get(path(room.roomId, room));
          const random = await viewer.api.get(path(RANDOM_ROOM, room));
          const where = `${endpoint} (${res.status} ${JSON.stringify(res.body).slice(0, 200)})`;
          if (expectation === 'unauthenticated') {
            assert.equal(res.status, 401, where);
            assert.equal(res.body.errcode, 'M_UNKNOWN_TOKEN', where);
            continue;
          }
          // Only current members (and world-readable readers for aliases) see current-member data.
          const memberOnly = endpoint === 'joinedMembers' || endpoint === 'aliases';
          const mayRead =
            expectation === 'member' || (expectation === 'reader' && endpoint !== 'joinedMembers') || (expectation === 'departed' && !memberOnly && endpoint !== 'eventAfter');
          if (mayRead) {
            assert.equal(res.status, 200, where);
            checkReadable(endpoint, res, room, expectation, viewer);
          } else if (expectation === 'departed' && endpoint === 'eventAfter') {
            assert.equal(res.status, 404, where);
            assert.equal(res.body.errcode, 'M_NOT_FOUND', where);
          } else if (endpoint === 'eventDuring' || endpoint === 'eventAfter') {
            // GET /event's one refusal in the spec is 404, whatever the room: as for a random room.
            assert.equal(res.status, 404, where);
            assert.equal(res.body.errcode, 'M_NOT_FOUND', where);
            assert.deepEqual(res.body, random.body, `${endpoint}: refusal differs from a random room's`);
          } else {
            // Indistinguishable from a room that does not exist.
            assert.equal(res.status, 403, where);
            assert.deepEqual(res.body, random.body, `${endpoint}: refusal differs from a random room's`);
            assert.equal(random.status, 403, `${endpoint}: random room`);
          }
        }
      });
    }
  }

  test('search finds only what each relation may read', async () => {
    for (const relation of RELATIONS) {
      if (relation === 'deactivated') continue;
      const viewer = viewers.get(relation)!;
      for (const [term, sentAfterDepartures] of [
        ['during', false],
        ['after', true],
      ] as const) {
        const res = await viewer.api.post('/search', { search_categories: { room_events: { search_term: term, filter: { limit: 100 } } } });
        ok(res, `search ${relation}`);
        const found = new Set<string>(res.body.search_categories.room_events.results.map((x: any) => x.result.room_id));
        for (const room of rooms) {
          const expectation = expectationFor(room.kind, relation);
          // A world-readable room is anyone's to read; whether search covers it for a non-member is not access control.
          if (expectation === 'reader') continue;
          const mayFind = expectation === 'member' || (expectation === 'departed' && !sentAfterDepartures);
          assert.equal(found.has(room.roomId), mayFind, `${relation} searching "${term}" in ${room.kind}`);
        }
      }
    }
  });

  test('an initial sync shows nobody what happened after they stopped being a member', async () => {
    for (const relation of RELATIONS) {
      if (relation === 'deactivated' || relation === 'joined') continue;
      const viewer = viewers.get(relation)!;
      const res = await viewer.api.get(`/sync?filter=${r(JSON.stringify({ room: { include_leave: true, timeline: { limit: 100 } } }))}`);
      ok(res, `sync ${relation}`);
      for (const room of rooms) {
        assert.ok(!(room.roomId in res.body.rooms.join), `${relation} is not joined to ${room.kind}`);
        const left = res.body.rooms.leave[room.roomId];
        if (!left) continue;
        const events = [...left.timeline.events, ...left.state.events];
        assert.ok(!bodies(events).includes(`after ${room.kind}`), `${relation} saw a message sent after its departure in ${room.kind}`);
        assert.ok(!events.some((e: any) => e.type === 'm.room.name' && e.content.name === `renamed ${room.kind}`), `${relation} saw a later name in ${room.kind}`);
        assert.ok(!events.some((e: any) => e.state_key === latecomer.userId), `${relation} saw the latecomer in ${room.kind}`);
        if (expectationFor(room.kind, relation) === 'refused' && room.kind !== 'worldReadable') {
          assert.ok(!bodies(events).includes(`before ${room.kind}`), `${relation} saw history from before it was ever there in ${room.kind}`);
        }
      }
    }
  });
});

onEachDatabase('members at a point in the past', (ctx) => {
  test('a member may not read the member list from before history visibility let them in', async () => {
    const owner = await registerUser(ctx.server.url);
    const bob = await registerUser(ctx.server.url);
    const carol = await registerUser(ctx.server.url);
    const roomId = await createRoom(owner, {
      preset: 'private_chat',
      initial_state: [{ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'joined' } }],
    });
    await invite(owner, roomId, carol.userId);
    await join(carol, roomId);
    await sendText(owner, roomId, 'said before bob');
    const beforeBob = (await owner.api.get('/sync')).body.next_batch as string;
    await invite(owner, roomId, bob.userId);
    await join(bob, roomId);
    const atJoin = (await bob.api.get('/sync')).body.next_batch as string;

    const early = await bob.api.get(`/rooms/${r(roomId)}/members?at=${r(beforeBob)}`);
    assert.equal(early.status, 403, JSON.stringify(early.body));
    assert.equal(early.body.errcode, 'M_FORBIDDEN');
    const later = await bob.api.get(`/rooms/${r(roomId)}/members?at=${r(atJoin)}`);
    assert.equal(later.status, 200, JSON.stringify(later.body));
    assert.ok(later.body.chunk.some((e: any) => e.state_key === carol.userId));
    // The owner, joined throughout, may.
    assert.equal((await owner.api.get(`/rooms/${r(roomId)}/members?at=${r(beforeBob)}`)).status, 200);
  });
});
