import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, uniqueName } from '../../support/client.ts';
import { createRoom, join, r } from '../../support/factories.ts';

onEachDatabase('aliases per user and room', (ctx) => {
  const { alice, mallory } = registerUsersBefore(ctx, ['alice', 'mallory']);

  test('a member may give a room 50 aliases, not more; the others still may add theirs', async () => {
    const roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(mallory, roomId);
    const put = (user: typeof alice) => user.api.put(`/directory/room/${r(`#${uniqueName('a')}:localhost`)}`, { room_id: roomId });
    for (let i = 0; i < 50; i++) assert.equal((await put(mallory)).status, 200);
    expectError(await put(mallory), 403, 'M_FORBIDDEN');
    assert.equal((await put(alice)).status, 200);
    assert.equal((await alice.api.get(`/rooms/${r(roomId)}/aliases`)).body.aliases.length, 51);
  });
});
