import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { uniqueName, type TestUser } from '../../support/client.ts';
import { join, r } from '../../support/factories.ts';

// DELETE /directory/room/{alias} of an alias m.room.canonical_alias names: as Synapse's
// delete_association, the deleter sends a new m.room.canonical_alias without it (when their
// power allows; otherwise the alias still goes and the event stays).
onEachDatabase('deleting the canonical alias', (ctx) => {
  const { alice, bob, carol } = registerUsersBefore(ctx, ['alice', 'bob', 'carol']);

  const aliasFor = () => `#${uniqueName('cd')}:localhost`;
  const lastEvent = async (user: TestUser, roomId: string) => (await user.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=1`)).body.chunk[0];
  const canonical = async (roomId: string) => (await alice.api.get(`/rooms/${r(roomId)}/state/m.room.canonical_alias`)).body;

  async function roomWithAliases(): Promise<{ roomId: string; main: string; alt: string }> {
    const name = uniqueName('main');
    const roomId = (await alice.api.post('/createRoom', { room_alias_name: name, preset: 'public_chat' })).body.room_id as string;
    const main = `#${name}:localhost`;
    const alt = aliasFor();
    assert.equal((await alice.api.put(`/directory/room/${r(alt)}`, { room_id: roomId })).status, 200);
    assert.equal((await alice.api.put(`/rooms/${r(roomId)}/state/m.room.canonical_alias`, { alias: main, alt_aliases: [alt] })).status, 200);
    return { roomId, main, alt };
  }

  test('the new event is sent by the deleter, reaches members, and keeps the rest of the content', async () => {
    const { roomId, main, alt } = await roomWithAliases();
    await join(bob, roomId);
    assert.equal((await alice.api.delete(`/directory/room/${r(main)}`)).status, 200);
    const event = await lastEvent(bob, roomId);
    assert.equal(event.type, 'm.room.canonical_alias');
    assert.equal(event.sender, alice.userId);
    assert.deepEqual(event.content, { alt_aliases: [alt] });
    const sync = await bob.api.get('/sync?timeout=0');
    assert.ok(sync.body.rooms.join[roomId].timeline.events.some((e: any) => e.event_id === event.event_id));
  });

  test('a moderator deleting an alias someone else made sends the event as themselves', async () => {
    const { roomId, alt } = await roomWithAliases();
    await join(carol, roomId);
    const pl = (await alice.api.get(`/rooms/${r(roomId)}/state/m.room.power_levels`)).body;
    assert.equal((await alice.api.put(`/rooms/${r(roomId)}/state/m.room.power_levels`, { ...pl, users: { ...pl.users, [carol.userId]: 50 } })).status, 200);
    assert.equal((await carol.api.delete(`/directory/room/${r(alt)}`)).status, 200);
    const event = await lastEvent(alice, roomId);
    assert.equal(event.sender, carol.userId);
    assert.equal(event.type, 'm.room.canonical_alias');
    assert.equal((await canonical(roomId)).alt_aliases, undefined);
  });

  test('deleting an alias the event does not name appends nothing', async () => {
    const { roomId } = await roomWithAliases();
    const other = aliasFor();
    assert.equal((await alice.api.put(`/directory/room/${r(other)}`, { room_id: roomId })).status, 200);
    const before = await lastEvent(alice, roomId);
    assert.equal((await alice.api.delete(`/directory/room/${r(other)}`)).status, 200);
    assert.equal((await lastEvent(alice, roomId)).event_id, before.event_id);
  });
});
