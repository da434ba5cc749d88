import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventType, HistoryVisibility, Preset, RoomEvent, type MatrixEvent, type Room } from 'matrix-js-sdk';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerSdkUser, startAndSync, waitUntil, type SdkUser } from '../../support/sdk.ts';

const TIMEOUT = { timeout: 30_000 };

// What Element does with these endpoints, through matrix-js-sdk itself.
onEachDatabase('matrix-js-sdk: people and peeking', (ctx) => {
  let alice: SdkUser;
  let bob: SdkUser;
  let readableRoom: string;
  let privateRoom: string;
  const tag = `zq${Math.random().toString(36).slice(2, 8)}`;
  before(async () => {
    alice = await registerSdkUser(ctx.server.url);
    bob = await registerSdkUser(ctx.server.url);
    await alice.client.setDisplayName(`Alice ${tag}`);
    readableRoom = (await alice.client.createRoom({ preset: Preset.PublicChat, name: 'Readable' })).room_id;
    await alice.client.sendStateEvent(readableRoom, EventType.RoomHistoryVisibility, { history_visibility: HistoryVisibility.WorldReadable }, '');
    await alice.client.sendTextMessage(readableRoom, 'visible to peekers');
    privateRoom = (await alice.client.createRoom({ preset: Preset.PrivateChat, name: 'Private' })).room_id;
  });
  after(() => {
    for (const u of [alice, bob]) {
      u.client.stopPeeking();
      u.client.stopClient();
    }
  });

  test('searchUserDirectory finds a member of a public room by display name', TIMEOUT, async () => {
    const res = await bob.client.searchUserDirectory({ term: `alice ${tag}` });
    assert.deepEqual(res, { results: [{ user_id: alice.userId, display_name: `Alice ${tag}` }], limited: false });
  });

  test('getRoomSummary (the unstable path, with via) summarises a public room for a non-member', TIMEOUT, async () => {
    const summary = await bob.client.getRoomSummary(readableRoom, ['localhost', 'elsewhere.example']);
    assert.equal(summary.room_id, readableRoom);
    assert.equal(summary.name, 'Readable');
    assert.equal(summary.world_readable, true);
    assert.equal(summary.num_joined_members, 1);
    assert.equal(summary.membership, 'leave');
  });

  test('peekInRoom shows a world_readable room to a non-member, and a private room is refused', TIMEOUT, async () => {
    const room = await bob.client.peekInRoom(readableRoom);
    assert.equal(room.name, 'Readable');
    const bodies = room
      .getLiveTimeline()
      .getEvents()
      .map((e) => e.getContent().body);
    assert.ok(bodies.includes('visible to peekers'));
    // The SDK then polls GET /events?room_id= from "now"; a message sent once its poll waits shows up live.
    const seen = new Promise<void>((resolve) => {
      const onTimeline = (event: MatrixEvent, inRoom: Room | undefined): void => {
        if (inRoom?.roomId !== readableRoom || !String(event.getContent().body ?? '').startsWith('live ')) return;
        bob.client.off(RoomEvent.Timeline, onTimeline);
        resolve();
      };
      bob.client.on(RoomEvent.Timeline, onTimeline);
    });
    let arrived = false;
    void seen.then(() => (arrived = true));
    for (let i = 0; i < 20 && !arrived; i++) {
      await alice.client.sendTextMessage(readableRoom, `live ${i}`);
      await Promise.race([seen, new Promise((resolve) => setTimeout(resolve, 500))]);
    }
    assert.ok(arrived, 'the peeking client received a live message');
    bob.client.stopPeeking();
    await assert.rejects(bob.client.roomInitialSync(privateRoom, 20), (err: { httpStatus?: number; errcode?: string }) => err.httpStatus === 403 && err.errcode === 'M_FORBIDDEN');
  });

  test("a room-mate's client shows a new display name in the room", TIMEOUT, async () => {
    const shared = (await alice.client.createRoom({ preset: Preset.PublicChat })).room_id;
    await bob.client.joinRoom(shared);
    await startAndSync(bob.client);
    await waitUntil(bob.client, () => bob.client.getRoom(shared)?.getMember(alice.userId));
    await alice.client.setDisplayName(`Alicia ${tag}`);
    const name = await waitUntil(bob.client, () => {
      const n = bob.client.getRoom(shared)?.getMember(alice.userId)?.name;
      return n === `Alicia ${tag}` ? n : undefined;
    });
    assert.equal(name, `Alicia ${tag}`);
    const found = await bob.client.searchUserDirectory({ term: `alicia` });
    assert.ok(found.results.some((x) => x.user_id === alice.userId && x.display_name === `Alicia ${tag}`));
  });
});
