import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, type TestUser } from '../../support/client.ts';
import { createRoom, r } from '../../support/factories.ts';
import { syncOnce } from '../../support/e2eeClient.ts';

const STRIPPED_TYPES = ['m.room.create', 'm.room.join_rules', 'm.room.name', 'm.room.avatar', 'm.room.canonical_alias', 'm.room.encryption', 'm.room.topic', 'm.room.member'];
const HUGE = 'x'.repeat(30_000);
const LONG_REASON = 'r'.repeat(2048);

async function putState(user: TestUser, roomId: string, type: string, content: Record<string, unknown>): Promise<void> {
  const res = await user.api.put(`/rooms/${r(roomId)}/state/${type}/`, content);
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

/** A room whose every stripped-state event is as large as an event may be. */
async function createHugeRoom(owner: TestUser, joinRule: string): Promise<string> {
  const roomId = await createRoom(owner, { creation_content: { padding: HUGE }, initial_state: [{ type: 'm.room.join_rules', content: { join_rule: joinRule, padding: HUGE } }] });
  await putState(owner, roomId, 'm.room.name', { name: HUGE });
  await putState(owner, roomId, 'm.room.topic', { topic: HUGE, 'm.topic': [{ body: HUGE }] });
  await putState(owner, roomId, 'm.room.avatar', { url: `mxc://localhost/${HUGE}`, info: { padding: HUGE } });
  await putState(owner, roomId, 'm.room.encryption', { algorithm: 'm.megolm.v1.aes-sha2', padding: HUGE });
  await putState(owner, roomId, 'm.room.canonical_alias', { padding: HUGE });
  await putState(owner, roomId, 'm.room.power_levels', { users: { [owner.userId]: 100 }, padding: HUGE });
  return roomId;
}

function checkBounded(events: Array<{ type: string; content: Record<string, unknown> }>): void {
  const bytes = JSON.stringify(events).length;
  assert.ok(bytes < 8 * 1024, `stripped state of ${bytes} bytes`);
  for (const e of events) assert.ok(STRIPPED_TYPES.includes(e.type), e.type);
}

onEachDatabase('stripped state of invites and knocks', (ctx) => {
  const { alice, bob, carol } = registerUsersBefore(ctx, ['alice', 'bob', 'carol']);

  test('an invite to a room with huge state carries a few KiB of its recommended state', async () => {
    const roomId = await createHugeRoom(alice, 'invite');
    const res = await alice.api.post(`/rooms/${r(roomId)}/invite`, { user_id: bob.userId, reason: LONG_REASON });
    assert.equal(res.status, 200);
    const s = await syncOnce(bob);
    const events = s.rooms.invite[roomId].invite_state.events as Array<{ type: string; sender: string; content: Record<string, unknown> }>;
    checkBounded(events);
    const byType = new Map(events.map((e) => [e.type, e]));
    assert.equal(byType.get('m.room.name')!.content.name, HUGE.slice(0, 255));
    assert.deepEqual(byType.get('m.room.topic')!.content, { topic: HUGE.slice(0, 1024) });
    assert.deepEqual(byType.get('m.room.join_rules')!.content, { join_rule: 'invite' });
    assert.deepEqual(byType.get('m.room.encryption')!.content, { algorithm: 'm.megolm.v1.aes-sha2' });
    assert.equal(byType.get('m.room.create')!.content.room_version, (await alice.api.get(`/rooms/${r(roomId)}/state/m.room.create/`)).body.room_version);
    assert.equal(byType.get('m.room.avatar')!.content.url, undefined, 'a URL too long to keep is left out, not cut');
    const member = byType.get('m.room.member')!;
    assert.equal(member.sender, alice.userId);
    assert.equal(member.content.membership, 'invite');
    assert.equal(member.content.reason, LONG_REASON.slice(0, 1024));
  });

  test('a knock carries a bounded knock_state', async () => {
    const roomId = await createHugeRoom(alice, 'knock');
    assert.equal((await carol.api.post(`/knock/${r(roomId)}`, { reason: LONG_REASON })).status, 200);
    const s = await syncOnce(carol);
    const events = s.rooms.knock[roomId].knock_state.events;
    checkBounded(events);
    assert.equal(events.find((e: { type: string }) => e.type === 'm.room.member').content.membership, 'knock');
  });
});

const INVITE_LIMITS = {
  register: { per_second: 100, burst: 100 },
  create_room: { per_second: 100, burst: 100 },
  invite: { per_second: 0.001, burst: 3 },
  invite_received: { per_second: 0.001, burst: 4 },
};

onEachDatabase('invite rate limits', { rateLimits: true, file: { rate_limits: INVITE_LIMITS } }, (ctx) => {
  const { alice, bob, carol, dave, erin, victim } = registerUsersBefore(ctx, ['alice', 'bob', 'carol', 'dave', 'erin', 'victim']);

  test('an inviter gets 429 past its burst, through /invite, member state events and createRoom alike, and nothing is created', async () => {
    const roomId = await createRoom(alice);
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/invite`, { user_id: bob.userId })).status, 200);
    assert.equal((await alice.api.post(`/createRoom`, { invite: [carol.userId] })).status, 200);
    assert.equal((await alice.api.post(`/rooms/${r(roomId)}/invite`, { user_id: dave.userId })).status, 200);
    const before = (await alice.api.get('/joined_rooms')).body.joined_rooms.length;
    expectError(await alice.api.post(`/rooms/${r(roomId)}/invite`, { user_id: erin.userId }), 429, 'M_LIMIT_EXCEEDED');
    expectError(await alice.api.post(`/createRoom`, { invite: [erin.userId] }), 429, 'M_LIMIT_EXCEEDED');
    // An invite written as a member state event is an invite too.
    expectError(await alice.api.put(`/rooms/${r(roomId)}/state/m.room.member/${r(erin.userId)}`, { membership: 'invite' }), 429, 'M_LIMIT_EXCEEDED');
    expectError(
      await alice.api.post(`/createRoom`, { initial_state: [{ type: 'm.room.member', state_key: erin.userId, content: { membership: 'invite' } }] }),
      429,
      'M_LIMIT_EXCEEDED',
    );
    assert.equal((await alice.api.get('/joined_rooms')).body.joined_rooms.length, before);
    assert.equal((await syncOnce(erin)).rooms.invite[roomId], undefined);
  });

  test('an invitee receives at most its burst of invites, whoever sends them', async () => {
    const senders = [bob, carol, dave, erin];
    for (const sender of senders) {
      const roomId = await createRoom(sender);
      // carol invites through a member state event: the same invite, counted the same.
      const res =
        sender === carol
          ? await sender.api.put(`/rooms/${r(roomId)}/state/m.room.member/${r(victim.userId)}`, { membership: 'invite' })
          : await sender.api.post(`/rooms/${r(roomId)}/invite`, { user_id: victim.userId });
      assert.equal(res.status, 200, JSON.stringify(res.body));
    }
    const roomId = await createRoom(bob);
    expectError(await bob.api.post(`/rooms/${r(roomId)}/invite`, { user_id: victim.userId }), 429, 'M_LIMIT_EXCEEDED');
    assert.equal(Object.keys((await syncOnce(victim)).rooms.invite).length, 4);
  });
});
