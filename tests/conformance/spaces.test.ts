import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { EventType, Preset, type MatrixClient } from 'matrix-js-sdk';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { registerSdkUser, startAndSync, waitUntil, type SdkUser } from '../support/sdk.ts';

const TIMEOUT = { timeout: 30_000 };

onEachDatabase('matrix-js-sdk spaces and room upgrades', (ctx) => {
  let alice: SdkUser;
  let bob: SdkUser;
  before(async () => {
    alice = await registerSdkUser(ctx.server.url);
    bob = await registerSdkUser(ctx.server.url);
    await Promise.all([startAndSync(alice.client), startAndSync(bob.client)]);
  });
  after(() => {
    for (const c of [alice?.client, bob?.client] as Array<MatrixClient | undefined>) c?.stopClient();
  });

  test('a space lists its children through getRoomHierarchy, page by page', TIMEOUT, async () => {
    const { room_id: space } = await alice.client.createRoom({ preset: Preset.PublicChat, name: 'Space', creation_content: { type: 'm.space' } });
    const children: string[] = [];
    for (const name of ['General', 'Random', 'Help']) {
      const { room_id: child } = await alice.client.createRoom({ preset: Preset.PublicChat, name });
      await alice.client.sendStateEvent(space, EventType.SpaceChild, { via: ['localhost'], order: String(children.length) }, child);
      children.push(child);
    }
    const all = await bob.client.getRoomHierarchy(space);
    assert.deepEqual(
      all.rooms.map((room) => room.room_id),
      [space, ...children],
    );
    assert.equal(all.rooms[0]!.room_type, 'm.space');
    assert.deepEqual(
      all.rooms[0]!.children_state.map((e) => e.state_key),
      children,
    );
    assert.deepEqual(
      all.rooms.slice(1).map((room) => room.name),
      ['General', 'Random', 'Help'],
    );
    const first = await bob.client.getRoomHierarchy(space, 2);
    assert.equal(first.rooms.length, 2);
    assert.ok(first.next_batch);
    const second = await bob.client.getRoomHierarchy(space, 2, undefined, undefined, first.next_batch);
    assert.deepEqual(
      [...first.rooms, ...second.rooms].map((room) => room.room_id),
      [space, ...children],
    );
    assert.equal(second.next_batch, undefined);
  });

  test('after an upgrade the SDK follows the room: tombstone, predecessor, upgrade history, a second user joins the replacement', TIMEOUT, async () => {
    const { room_id: old } = await alice.client.createRoom({ preset: Preset.PublicChat, name: 'Before', room_version: '10' });
    await bob.client.joinRoom(old);
    const oldRoom = await waitUntil(alice.client, () => alice.client.getRoom(old)?.getMember(bob.userId)?.membership === 'join' && alice.client.getRoom(old));
    const recommended = await oldRoom.getRecommendedVersion();
    assert.equal(recommended.version, '10');
    assert.equal(recommended.needsUpgrade, false);

    const { replacement_room: fresh } = await alice.client.upgradeRoom(old, '11');
    // Bob's client sees the tombstone and where it points.
    const tombstone = await waitUntil(bob.client, () => bob.client.getRoom(old)?.currentState.getStateEvents(EventType.RoomTombstone, ''));
    assert.equal(tombstone.getContent().replacement_room, fresh);
    await bob.client.joinRoom(tombstone.getContent().replacement_room as string);
    const freshRoom = await waitUntil(bob.client, () => bob.client.getRoom(fresh)?.getMyMembership() === 'join' && bob.client.getRoom(fresh));
    assert.equal(freshRoom.getVersion(), '11');
    assert.equal(freshRoom.name, 'Before');
    assert.deepEqual(freshRoom.findPredecessor(), { roomId: old, eventId: tombstone.getId() });
    const history = bob.client.getRoomUpgradeHistory(fresh, true);
    assert.deepEqual(
      history.map((room) => room.roomId),
      [old, fresh],
    );
    const fromOld = bob.client.getRoomUpgradeHistory(old, true);
    assert.deepEqual(
      fromOld.map((room) => room.roomId),
      [old, fresh],
    );
  });
});
