import { beforeEach, test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { registerUser, type TestUser } from '../support/client.ts';
import { createRoom, invite, join, nextTxnId, r, sendText } from '../support/factories.ts';
import { verifyAction } from './support/foldSync.ts';

/** Each scenario runs an action between a snapshot and an incremental /sync and proves the fold equals a fresh initial /sync. */
onEachDatabase('sync folding', (ctx) => {
  let alice: TestUser;
  let bob: TestUser;
  let carol: TestUser;
  // Fresh users per scenario keep each initial /sync small (and the file fast).
  beforeEach(async () => {
    [alice, bob, carol] = await Promise.all([registerUser(ctx.server.url), registerUser(ctx.server.url), registerUser(ctx.server.url)]);
  });

  /** A public room alice created, with bob joined and a first message. */
  async function sharedRoom(): Promise<string> {
    const roomId = await createRoom(alice, { preset: 'public_chat', name: 'Shared' });
    await join(bob, roomId);
    await sendText(alice, roomId, 'welcome');
    return roomId;
  }

  test('createRoom with an invite: the creator gets the room whole, the invitee an invite', async () => {
    let roomId = '';
    const result = await verifyAction([alice, bob], async () => {
      roomId = await createRoom(alice, { preset: 'private_chat', name: 'Fresh', topic: 'new', invite: [bob.userId] });
    });
    assert.equal(result.section(alice, roomId), 'join');
    assert.equal(result.membership(alice, roomId), 'join');
    assert.equal(result.section(bob, roomId), 'invite');
    const inviteState = result.incremental.get(bob.userId)!.rooms.invite[roomId].invite_state.events;
    assert.ok(inviteState.some((e: { type: string; content: { name?: string } }) => e.type === 'm.room.name' && e.content.name === 'Fresh'));
  });

  test('join: the joiner gets the room whole, an existing member sees the join', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await sendText(alice, roomId, 'before bob');
    const result = await verifyAction([alice, bob], () => join(bob, roomId));
    assert.equal(result.section(bob, roomId), 'join');
    assert.equal(result.membership(bob, roomId), 'join');
    const aliceTimeline = result.incremental.get(alice.userId)!.rooms.join[roomId].timeline.events;
    assert.deepEqual(
      aliceTimeline.map((e: { type: string; state_key?: string }) => [e.type, e.state_key]),
      [['m.room.member', bob.userId]],
    );
  });

  test('leave: the room moves to leave for the leaver and stays joined for the other', async () => {
    const roomId = await sharedRoom();
    const result = await verifyAction([alice, bob], () => bob.api.post(`/rooms/${r(roomId)}/leave`, {}));
    assert.equal(result.section(bob, roomId), 'leave');
    assert.equal(result.membership(bob, roomId), 'leave');
    assert.equal(result.section(alice, roomId), 'join');
    assert.equal(result.incremental.get(alice.userId)!.rooms.join[roomId].summary['m.joined_member_count'], 1);
  });

  test('send: both members get the message once', async () => {
    const roomId = await sharedRoom();
    let eventId = '';
    const result = await verifyAction([alice, bob], async () => {
      eventId = await sendText(bob, roomId, 'hi there');
    });
    for (const u of [alice, bob]) {
      const events = result.incremental.get(u.userId)!.rooms.join[roomId].timeline.events;
      assert.deepEqual(
        events.map((e: { event_id: string }) => e.event_id),
        [eventId],
      );
    }
  });

  test('redact: the redaction reaches both members and a fresh sync shows the redacted event', async () => {
    const roomId = await sharedRoom();
    const target = await sendText(alice, roomId, 'oops');
    let redactionId = '';
    const result = await verifyAction([alice, bob], async () => {
      const res = await alice.api.put(`/rooms/${r(roomId)}/redact/${r(target)}/${nextTxnId()}`, { reason: 'typo' });
      assert.equal(res.status, 200);
      redactionId = res.body.event_id;
    });
    const bobEvents = result.incremental.get(bob.userId)!.rooms.join[roomId].timeline.events;
    assert.equal(bobEvents[0].event_id, redactionId);
    assert.equal(bobEvents[0].redacts, target);
    const fresh = result.fresh.get(bob.userId)!.rooms.join[roomId].timeline.events.find((e: { event_id: string }) => e.event_id === target);
    assert.deepEqual(fresh.content, {});
    assert.equal(fresh.unsigned.redacted_because.event_id, redactionId);
  });

  test('state changes: name, topic and power levels', async () => {
    const roomId = await sharedRoom();
    const result = await verifyAction([alice, bob], async () => {
      assert.equal((await alice.api.put(`/rooms/${r(roomId)}/state/m.room.name`, { name: 'Renamed' })).status, 200);
      assert.equal((await alice.api.put(`/rooms/${r(roomId)}/state/m.room.topic`, { topic: 'Topical' })).status, 200);
      const pl = await alice.api.get(`/rooms/${r(roomId)}/state/m.room.power_levels`);
      assert.equal((await alice.api.put(`/rooms/${r(roomId)}/state/m.room.power_levels`, { ...pl.body, users: { ...pl.body.users, [bob.userId]: 50 } })).status, 200);
    });
    const types = result.incremental.get(bob.userId)!.rooms.join[roomId].timeline.events.map((e: { type: string }) => e.type);
    assert.deepEqual(types, ['m.room.name', 'm.room.topic', 'm.room.power_levels']);
  });

  test('invite: the invitee sees stripped state, the members see the invite', async () => {
    const roomId = await sharedRoom();
    const result = await verifyAction([alice, bob, carol], () => invite(alice, roomId, carol.userId));
    assert.equal(result.section(carol, roomId), 'invite');
    const events = result.incremental.get(carol.userId)!.rooms.invite[roomId].invite_state.events;
    for (const e of events) assert.deepEqual(Object.keys(e).sort(), ['content', 'sender', 'state_key', 'type']);
    assert.ok(
      events.some(
        (e: { type: string; state_key: string; content: { membership?: string } }) =>
          e.type === 'm.room.member' && e.state_key === carol.userId && e.content.membership === 'invite',
      ),
    );
    assert.equal(result.incremental.get(bob.userId)!.rooms.join[roomId].summary['m.invited_member_count'], 1);
  });

  test('accepting an invite moves the room from invite to join', async () => {
    const roomId = await createRoom(alice, { preset: 'private_chat' });
    await invite(alice, roomId, carol.userId);
    const result = await verifyAction([alice, carol], () => join(carol, roomId));
    assert.equal(result.section(carol, roomId), 'join');
  });

  test('rejecting an invite moves the room from invite to leave', async () => {
    const roomId = await createRoom(alice, { preset: 'private_chat' });
    await sendText(alice, roomId, 'secret before the invite');
    await invite(alice, roomId, carol.userId);
    const result = await verifyAction([alice, carol], () => carol.api.post(`/rooms/${r(roomId)}/leave`, {}));
    assert.equal(result.section(carol, roomId), 'leave');
    const left = result.incremental.get(carol.userId)!.rooms.leave[roomId];
    const seen = [...left.timeline.events, ...left.state.events].map((e: { type: string }) => e.type);
    assert.ok(!seen.includes('m.room.message'), 'a rejected invite must not reveal the room history');
  });

  test('kick: the kicked user sees the room move to leave', async () => {
    const roomId = await sharedRoom();
    const result = await verifyAction([alice, bob], () => alice.api.post(`/rooms/${r(roomId)}/kick`, { user_id: bob.userId, reason: 'bye' }));
    assert.equal(result.section(bob, roomId), 'leave');
    assert.equal(result.membership(bob, roomId), 'leave');
    const last = result.incremental.get(bob.userId)!.rooms.leave[roomId].timeline.events.at(-1);
    assert.equal(last.sender, alice.userId);
    assert.equal(last.content.reason, 'bye');
  });

  test('ban and unban', async () => {
    const roomId = await sharedRoom();
    const banned = await verifyAction([alice, bob], () => alice.api.post(`/rooms/${r(roomId)}/ban`, { user_id: bob.userId }));
    assert.equal(banned.section(bob, roomId), 'leave');
    assert.equal(banned.membership(bob, roomId), 'ban');
    await sendText(alice, roomId, 'while bob is banned');
    const unbanned = await verifyAction([alice, bob], () => alice.api.post(`/rooms/${r(roomId)}/unban`, { user_id: bob.userId }));
    assert.equal(unbanned.section(bob, roomId), 'leave');
    assert.equal(unbanned.membership(bob, roomId), 'leave');
    assert.equal(unbanned.section(alice, roomId), 'join');
  });

  test('rejoining after a leave brings the room back whole', async () => {
    const roomId = await sharedRoom();
    await bob.api.post(`/rooms/${r(roomId)}/leave`, {});
    await sendText(alice, roomId, 'while bob was away');
    const result = await verifyAction([alice, bob], () => join(bob, roomId));
    assert.equal(result.section(bob, roomId), 'join');
  });

  test('profile change: every room of the user gets the new member event', async (t: TestContext) => {
    const roomId = await sharedRoom();
    const probe = await bob.api.get(`/profile/${r(bob.userId)}`);
    if (probe.status === 404 && probe.body?.errcode === 'M_UNRECOGNIZED') return t.skip('no profile endpoint yet');
    const result = await verifyAction([alice, bob], async () => {
      assert.equal((await bob.api.put(`/profile/${r(bob.userId)}/displayname`, { displayname: 'Bobby' })).status, 200);
    });
    const ev = result.incremental.get(alice.userId)!.rooms.join[roomId].timeline.events.at(-1);
    assert.equal(ev.state_key, bob.userId);
    assert.equal(ev.content.displayname, 'Bobby');
    assert.equal(result.section(bob, roomId), 'join');
  });

  test('a burst beyond the timeline limit folds to the right state (limited timelines)', async () => {
    const roomId = await sharedRoom();
    const result = await verifyAction(
      [alice, bob],
      async () => {
        for (let i = 0; i < 4; i++) {
          assert.equal((await alice.api.put(`/rooms/${r(roomId)}/state/m.room.topic`, { topic: `t${i}` })).status, 200);
          assert.equal((await alice.api.put(`/rooms/${r(roomId)}/state/org.example.thing/k${i}`, { i })).status, 200);
          await sendText(bob, roomId, `m${i}`);
        }
      },
      { timelineLimit: 3 },
    );
    assert.equal(result.incremental.get(bob.userId)!.rooms.join[roomId].timeline.limited, true);
  });

  for (const limit of [undefined, 2]) {
    test(`use_state_after folds too${limit ? ' (limited)' : ''}: state change, send, kick, join`, async () => {
      const opts = { stateAfter: true, ...(limit ? { timelineLimit: limit } : {}) };
      const roomId = await sharedRoom();
      const changed = await verifyAction(
        [alice, bob],
        async () => {
          assert.equal((await alice.api.put(`/rooms/${r(roomId)}/state/m.room.name`, { name: 'After' })).status, 200);
          await sendText(bob, roomId, 'after the rename');
        },
        opts,
      );
      const entry = changed.incremental.get(bob.userId)!.rooms.join[roomId];
      assert.equal(entry.state, undefined);
      assert.ok(entry.state_after.events.some((e: { type: string; content: { name?: string } }) => e.type === 'm.room.name' && e.content.name === 'After'));
      await verifyAction([alice, bob], () => alice.api.post(`/rooms/${r(roomId)}/kick`, { user_id: bob.userId }), opts);
      await verifyAction([alice, bob], () => join(bob, roomId), opts);
      await verifyAction([alice, carol], () => join(carol, roomId), opts);
    });
  }

  const ignore = async (user: TestUser, ...ids: string[]) => {
    const res = await user.api.put(`/user/${r(user.userId)}/account_data/m.ignored_user_list`, { ignored_users: Object.fromEntries(ids.map((id) => [id, {}])) });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  };

  test('ignoring a user hides their messages but not their state, before and after', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat', power_level_content_override: { state_default: 0 } });
    await join(bob, roomId);
    const earlier = await sendText(bob, roomId, 'before the ignore');
    let topicId = '';
    let later = '';
    const result = await verifyAction([alice, bob], async () => {
      await ignore(alice, bob.userId);
      later = await sendText(bob, roomId, 'while ignored');
      topicId = (await bob.api.put(`/rooms/${r(roomId)}/state/m.room.topic`, { topic: 'by bob' })).body.event_id;
      await sendText(alice, roomId, 'alice speaks');
    });
    const aliceIds = (json: any) => json.rooms.join[roomId].timeline.events.map((e: { event_id: string }) => e.event_id);
    const incremental = aliceIds(result.incremental.get(alice.userId));
    assert.ok(incremental.includes(topicId), 'state from an ignored user is still sent');
    assert.ok(!incremental.includes(later), 'a message from an ignored user is not sent');
    const fresh = aliceIds(result.fresh.get(alice.userId));
    assert.ok(!fresh.includes(earlier) && fresh.includes(topicId));
    // Bob himself still sees everything he sent.
    assert.ok(aliceIds(result.incremental.get(bob.userId)).includes(later));
  });

  test('an invite from an ignored user is not sent; the room sees the invite', async () => {
    await ignore(carol, alice.userId, bob.userId);
    const roomId = await createRoom(alice, { preset: 'private_chat' });
    const result = await verifyAction([alice, carol], () => invite(alice, roomId, carol.userId));
    assert.equal(result.section(carol, roomId), undefined);
    assert.equal(result.incremental.get(alice.userId)!.rooms.join[roomId].summary['m.invited_member_count'], 1);
  });

  test('unignoring: the change reaches the client, which re-syncs; new messages flow again', async () => {
    const roomId = await sharedRoom();
    await ignore(alice, bob.userId);
    const hidden = await sendText(bob, roomId, 'unseen');
    const result = await verifyAction([alice], () => ignore(alice));
    assert.ok(result.resynced.has(alice.userId));
    const change = result.incremental.get(alice.userId)!.account_data.events.find((e: { type: string }) => e.type === 'm.ignored_user_list');
    assert.deepEqual(change.content, { ignored_users: {} });
    // The incremental sync does not resend what was withheld; a fresh sync has it.
    assert.equal(result.incremental.get(alice.userId)!.rooms.join[roomId], undefined);
    assert.ok(result.fresh.get(alice.userId)!.rooms.join[roomId].timeline.events.some((e: { event_id: string }) => e.event_id === hidden));
    const after = await verifyAction([alice, bob], () => sendText(bob, roomId, 'heard again'));
    assert.equal(after.incremental.get(alice.userId)!.rooms.join[roomId].timeline.events.length, 1);
  });

  test('account data: global and per room replace by type', async (t: TestContext) => {
    const roomId = await sharedRoom();
    const probe = await bob.api.put(`/user/${r(bob.userId)}/account_data/org.example.probe`, { v: 0 });
    if (probe.status === 404 && probe.body?.errcode === 'M_UNRECOGNIZED') return t.skip('no account data endpoint yet');
    await verifyAction([alice, bob], async () => {
      assert.equal((await bob.api.put(`/user/${r(bob.userId)}/account_data/org.example.probe`, { v: 1 })).status, 200);
      assert.equal((await bob.api.put(`/user/${r(bob.userId)}/rooms/${r(roomId)}/account_data/org.example.tag`, { v: 2 })).status, 200);
    });
  });

  /** Sends any content as m.room.message and returns the event ID. */
  async function sendContent(user: TestUser, roomId: string, content: Record<string, unknown>): Promise<string> {
    const res = await user.api.put(`/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, content);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    return res.body.event_id as string;
  }

  test('relations: thread replies, an edit and a reference fold to the bundles of a fresh sync', async () => {
    const roomId = await sharedRoom();
    const root = await sendText(alice, roomId, 'root');
    const original = await sendText(bob, roomId, 'tpyo');
    const reply = (body: string) => ({ msgtype: 'm.text', body, 'm.relates_to': { rel_type: 'm.thread', event_id: root } });
    // The first reply arrives incrementally; the root (seen before) has no bundle yet.
    const first = await verifyAction([alice, bob], () => sendContent(bob, roomId, reply('one')));
    assert.equal(
      first.fresh.get(alice.userId)!.rooms.join[roomId].timeline.events.find((e: { event_id: string }) => e.event_id === root).unsigned['m.relations']['m.thread'].count,
      1,
    );
    // More replies, an edit (and an invalid edit by someone else) and a reference, all folded over the earlier view.
    await verifyAction([alice, bob], async () => {
      await sendContent(alice, roomId, reply('two'));
      await sendContent(bob, roomId, {
        msgtype: 'm.text',
        body: '* typo',
        'm.new_content': { msgtype: 'm.text', body: 'typo' },
        'm.relates_to': { rel_type: 'm.replace', event_id: original },
      });
      await sendContent(alice, roomId, {
        msgtype: 'm.text',
        body: '* hijack',
        'm.new_content': { msgtype: 'm.text', body: 'hijack' },
        'm.relates_to': { rel_type: 'm.replace', event_id: original },
      });
      await sendContent(alice, roomId, { msgtype: 'm.text', body: 'see', 'm.relates_to': { rel_type: 'm.reference', event_id: original } });
    });
    // A thread started and replied to inside one incremental range: the root comes with its bundle.
    await verifyAction([alice, bob], async () => {
      const newRoot = await sendText(bob, roomId, 'new root');
      await sendContent(alice, roomId, { msgtype: 'm.text', body: 'quick reply', 'm.relates_to': { rel_type: 'm.thread', event_id: newRoot } });
    });
  });

  test("receipts: a new receipt moves the reader's old one; both members see it", async () => {
    const roomId = await sharedRoom();
    const first = await sendText(alice, roomId, 'read me');
    assert.equal((await bob.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(first)}`, {})).status, 200);
    const second = await sendText(alice, roomId, 'and me');
    const result = await verifyAction([alice, bob], async () => {
      assert.equal((await bob.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(second)}`, {})).status, 200);
      assert.equal((await alice.api.post(`/rooms/${r(roomId)}/receipt/m.read/${r(second)}`, {})).status, 200);
    });
    const eph = result.incremental.get(alice.userId)!.rooms.join[roomId].ephemeral.events;
    assert.ok(eph.some((e: { type: string }) => e.type === 'm.receipt'));
  });

  test('typing: starting and stopping fold to the current typers', async () => {
    const roomId = await sharedRoom();
    const typing = (u: TestUser, on: boolean) => u.api.put(`/rooms/${r(roomId)}/typing/${r(u.userId)}`, on ? { typing: true, timeout: 30_000 } : { typing: false });
    await verifyAction([alice, bob], async () => {
      assert.equal((await typing(bob, true)).status, 200);
    });
    await verifyAction([alice, bob], async () => {
      assert.equal((await typing(alice, true)).status, 200);
      assert.equal((await typing(bob, false)).status, 200);
    });
    await verifyAction([alice, bob], async () => {
      assert.equal((await typing(alice, false)).status, 200);
    });
  });

  for (const lazy of [false, true]) {
    test(`a gappy sync with leaves, kicks, bans and overwritten state folds to the right state${lazy ? ' (lazy-loading members)' : ''}`, async () => {
      const roomId = await sharedRoom();
      const [dan, erin] = await Promise.all([registerUser(ctx.server.url), registerUser(ctx.server.url)]);
      await join(carol, roomId);
      await join(dan, roomId);
      await join(erin, roomId);
      await sendText(carol, roomId, 'carol was here');
      const result = await verifyAction(
        [alice, bob],
        async () => {
          await carol.api.post(`/rooms/${r(roomId)}/leave`, {});
          await alice.api.post(`/rooms/${r(roomId)}/kick`, { user_id: dan.userId });
          await alice.api.post(`/rooms/${r(roomId)}/ban`, { user_id: erin.userId });
          for (let i = 0; i < 3; i++) assert.equal((await alice.api.put(`/rooms/${r(roomId)}/state/m.room.topic`, { topic: `t${i}` })).status, 200);
          for (let i = 0; i < 4; i++) await sendText(i % 2 ? alice : bob, roomId, `m${i}`);
          assert.equal((await alice.api.put(`/rooms/${r(roomId)}/state/m.room.topic`, { topic: 'last' })).status, 200);
          await sendText(bob, roomId, 'the end');
        },
        { timelineLimit: 2, lazy },
      );
      const entry = result.incremental.get(alice.userId)!.rooms.join[roomId];
      assert.equal(entry.timeline.limited, true);
      if (!lazy) {
        const left = entry.state.events.filter((e: { type: string }) => e.type === 'm.room.member').map((e: { state_key: string }) => e.state_key);
        assert.deepEqual(left.sort(), [carol.userId, dan.userId, erin.userId].sort());
      }
    });
  }

  test('lazy-loading members: sends, joins and leaves fold, each sender sent when first needed', async () => {
    const roomId = await sharedRoom();
    // Five members join first and fill the heroes, so carol's member event reaches a lazy client only as a sender's.
    for (const u of await Promise.all(Array.from({ length: 5 }, () => registerUser(ctx.server.url)))) await join(u, roomId);
    await join(carol, roomId);
    for (let i = 0; i < 3; i++) await sendText(alice, roomId, `filler ${i}`);
    const opts = { lazy: true, timelineLimit: 2 };
    const first = await verifyAction([alice, bob], () => sendText(carol, roomId, 'from carol'), opts);
    const sent = first.incremental.get(alice.userId)!.rooms.join[roomId].state.events.map((e: { state_key: string }) => e.state_key);
    assert.deepEqual(sent, [carol.userId]);
    await verifyAction([alice, bob], () => sendText(carol, roomId, 'carol again'), opts);
    await verifyAction([alice, bob], () => carol.api.post(`/rooms/${r(roomId)}/leave`, {}), opts);
    await verifyAction(
      [alice, bob],
      async () => {
        await sendText(bob, roomId, 'b1');
        await sendText(alice, roomId, 'a1');
        await sendText(bob, roomId, 'b2');
      },
      opts,
    );
  });

  test("lazy-loading members: when a hero leaves, the new hero's member event comes with the summary", async () => {
    const roomId = await sharedRoom();
    const others = await Promise.all(Array.from({ length: 6 }, () => registerUser(ctx.server.url)));
    for (const u of others) await join(u, roomId);
    for (let i = 0; i < 3; i++) await sendText(alice, roomId, `filler ${i}`);
    const opts = { lazy: true, timelineLimit: 2 };
    const result = await verifyAction(
      [alice],
      async () => {
        await others[0]!.api.post(`/rooms/${r(roomId)}/leave`, {});
        for (let i = 0; i < 3; i++) await sendText(alice, roomId, `after ${i}`);
      },
      opts,
    );
    const summary = result.incremental.get(alice.userId)!.rooms.join[roomId].summary;
    assert.ok(summary['m.heroes'].includes(others[4]!.userId), JSON.stringify(summary));
  });
});
