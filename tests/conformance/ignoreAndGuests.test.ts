import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventType, KnownMembership, Preset, type MatrixClient } from 'matrix-js-sdk';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { makeSdkClient, registerSdkUser, startAndSync, waitUntil, type SdkUser } from '../support/sdk.ts';

const TIMEOUT = { timeout: 30_000 };

function bodies(client: MatrixClient, roomId: string): string[] {
  return (
    client
      .getRoom(roomId)
      ?.getLiveTimeline()
      .getEvents()
      .filter((e) => e.getType() === EventType.RoomMessage)
      .map((e) => String(e.getContent().body)) ?? []
  );
}

// The SDK's own calls for ignoring users and for guests (registerGuest, peekInRoom, joinRoom).
onEachDatabase('matrix-js-sdk: ignored users and guests', { file: { guest_access: { enabled: true } } }, (ctx) => {
  let alice: SdkUser;
  let bob: SdkUser;
  const clients: MatrixClient[] = [];

  before(async () => {
    alice = await registerSdkUser(ctx.server.url);
    bob = await registerSdkUser(ctx.server.url);
    await Promise.all([startAndSync(alice.client), startAndSync(bob.client)]);
  });
  after(() => {
    for (const c of [alice?.client, bob?.client, ...clients]) {
      c?.stopPeeking();
      c?.stopClient();
    }
  });

  test("setIgnoredUsers hides the ignored user's new messages from the other client's timeline", TIMEOUT, async () => {
    const { room_id: roomId } = await alice.client.createRoom({ preset: Preset.PublicChat });
    await bob.client.joinRoom(roomId);
    await waitUntil(alice.client, () => alice.client.getRoom(roomId)?.getMember(bob.userId)?.membership === KnownMembership.Join);
    await alice.client.setIgnoredUsers([bob.userId]);
    await waitUntil(alice.client, () => alice.client.isUserIgnored(bob.userId));
    await bob.client.sendTextMessage(roomId, 'you will not see this');
    await waitUntil(bob.client, () => bodies(bob.client, roomId).includes('you will not see this'));
    await alice.client.sendTextMessage(roomId, 'marker after it');
    await waitUntil(alice.client, () =>
      alice.client
        .getRoom(roomId)
        ?.getLiveTimeline()
        .getEvents()
        .some((e) => e.getContent().body === 'marker after it' && e.status === null),
    );
    assert.ok(!bodies(alice.client, roomId).includes('you will not see this'));
    assert.deepEqual(alice.client.getIgnoredUsers(), [bob.userId]);
  });

  test('a guest from registerGuest peeks into a world_readable room and joins a can_join room', TIMEOUT, async () => {
    const { room_id: readable } = await alice.client.createRoom({
      preset: Preset.PublicChat,
      initial_state: [{ type: 'm.room.history_visibility', state_key: '', content: { history_visibility: 'world_readable' } }],
    });
    await alice.client.sendTextMessage(readable, 'open to all');
    const { room_id: joinable } = await alice.client.createRoom({
      preset: Preset.PublicChat,
      initial_state: [{ type: 'm.room.guest_access', state_key: '', content: { guest_access: 'can_join' } }],
    });
    const anon = makeSdkClient(ctx.server.url);
    const creds = await anon.registerGuest({ body: {} });
    anon.stopClient();
    assert.ok(creds.access_token && creds.device_id);
    const guest = makeSdkClient(ctx.server.url, { userId: creds.user_id, accessToken: creds.access_token, deviceId: creds.device_id });
    guest.setGuest(true);
    clients.push(guest);

    const room = await guest.peekInRoom(readable);
    assert.ok(
      room
        .getLiveTimeline()
        .getEvents()
        .some((e) => e.getContent().body === 'open to all'),
    );
    guest.stopPeeking();
    // The SDK's peek poll (GET /events, 30 s) cannot be aborted: an event ends it now, and it stops.
    await alice.client.sendTextMessage(readable, 'ends the poll');

    await guest.joinRoom(joinable);
    const members = await alice.client.getJoinedRoomMembers(joinable);
    assert.ok(creds.user_id in members.joined);
    const refused = await guest.createRoom({}).then(
      () => undefined,
      (err: { errcode?: string }) => err.errcode,
    );
    assert.equal(refused, 'M_GUEST_ACCESS_FORBIDDEN');
  });
});
