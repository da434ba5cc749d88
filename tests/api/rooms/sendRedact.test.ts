import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError, registerUser, type TestUser } from '../../support/client.ts';
import { createRoom, join, nextTxnId, r, sendText } from '../../support/factories.ts';

onEachDatabase('send and redact', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  let roomId: string;
  before(async () => {
    roomId = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
  });

  const redact = (user: TestUser, eventId: string, body: Record<string, unknown> = {}) => user.api.put(`/rooms/${r(roomId)}/redact/${r(eventId)}/${nextTxnId()}`, body);

  test('a sent event is read back with GET /event, with transaction_id only for the sending device', async () => {
    const txnId = nextTxnId();
    const eventId = await sendText(bob, roomId, 'hello', txnId);
    const own = await bob.api.get(`/rooms/${r(roomId)}/event/${r(eventId)}`);
    assert.equal(own.status, 200);
    assert.equal(own.body.event_id, eventId);
    assert.equal(own.body.type, 'm.room.message');
    assert.deepEqual(own.body.content, { msgtype: 'm.text', body: 'hello' });
    assert.equal(own.body.sender, bob.userId);
    assert.equal(own.body.room_id, roomId);
    assert.equal(own.body.unsigned.transaction_id, txnId);
    const other = await alice.api.get(`/rooms/${r(roomId)}/event/${r(eventId)}`);
    assert.equal(other.body.unsigned.transaction_id, undefined);
  });

  test('GET /event for an unknown event or an event of another room is M_NOT_FOUND', async () => {
    expectError(await alice.api.get(`/rooms/${r(roomId)}/event/${r('$nope')}`), 404, 'M_NOT_FOUND');
    const other = await createRoom(alice, {});
    const elsewhere = await sendText(alice, other, 'elsewhere');
    expectError(await alice.api.get(`/rooms/${r(roomId)}/event/${r(elsewhere)}`), 404, 'M_NOT_FOUND');
  });

  test('send refuses bad input with 400s', async () => {
    expectError(await alice.api.put(`/rooms/${r(roomId)}/send/m.room.redaction/${nextTxnId()}`, {}), 400, 'M_INVALID_PARAM');
    expectError(await alice.api.request('PUT', `/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, undefined, { rawBody: 'nope' }), 400, 'M_NOT_JSON');
    expectError(await alice.api.put(`/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, { body: 'x'.repeat(70_000) }), 413, 'M_TOO_LARGE');
    expectError(await alice.api.put(`/rooms/${r('bad')}/send/m.room.message/${nextTxnId()}`, {}), 400, 'M_INVALID_PARAM');
  });

  test('a sender may redact their own event; content is stripped on /event and /messages with redacted_because', async () => {
    const eventId = await sendText(bob, roomId, 'oops, secret');
    const res = await redact(bob, eventId, { reason: 'typo' });
    assert.equal(res.status, 200);
    const redactionId = res.body.event_id;
    assert.match(redactionId, /^\$/);
    const ev = await alice.api.get(`/rooms/${r(roomId)}/event/${r(eventId)}`);
    assert.deepEqual(ev.body.content, {});
    assert.equal(ev.body.unsigned.redacted_because.event_id, redactionId);
    assert.equal(ev.body.unsigned.redacted_because.type, 'm.room.redaction');
    assert.equal(ev.body.unsigned.redacted_because.content.reason, 'typo');
    const page = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=5`);
    const [redaction, redacted] = page.body.chunk;
    assert.equal(redaction.event_id, redactionId);
    assert.equal(redaction.redacts, eventId);
    assert.equal(redacted.event_id, eventId);
    assert.deepEqual(redacted.content, {});
    assert.equal(redacted.unsigned.redacted_because.event_id, redactionId);
    assert.ok(!JSON.stringify(page.body).includes('oops, secret'));
  });

  test("redacting another user's event needs the redact level", async () => {
    const eventId = await sendText(alice, roomId, 'from alice');
    expectError(await redact(bob, eventId), 403, 'M_FORBIDDEN');
    assert.equal((await bob.api.get(`/rooms/${r(roomId)}/event/${r(eventId)}`)).body.content.body, 'from alice');
    const bobs = await sendText(bob, roomId, 'from bob');
    assert.equal((await redact(alice, bobs)).status, 200);
    assert.deepEqual((await bob.api.get(`/rooms/${r(roomId)}/event/${r(bobs)}`)).body.content, {});
  });

  test('redaction keeps the keys the room version preserves', async () => {
    const res = await alice.api.put(`/rooms/${r(roomId)}/state/org.example.keep/k`, { secret: 1 });
    assert.equal((await redact(alice, res.body.event_id)).status, 200);
    const ev = await alice.api.get(`/rooms/${r(roomId)}/event/${r(res.body.event_id)}`);
    assert.deepEqual(ev.body.content, {});
    assert.equal(ev.body.state_key, 'k');
    assert.equal(ev.body.type, 'org.example.keep');
  });

  test('redaction in room version 11 carries redacts in content and at the top level', async () => {
    const v11 = await createRoom(alice, { room_version: '11' });
    const eventId = await sendText(alice, v11, 'v11 message');
    const res = await alice.api.put(`/rooms/${r(v11)}/redact/${r(eventId)}/${nextTxnId()}`, {});
    assert.equal(res.status, 200);
    const redaction = await alice.api.get(`/rooms/${r(v11)}/event/${r(res.body.event_id)}`);
    assert.equal(redaction.body.content.redacts, eventId);
    assert.equal(redaction.body.redacts, eventId);
    assert.deepEqual((await alice.api.get(`/rooms/${r(v11)}/event/${r(eventId)}`)).body.content, {});
  });

  test('a redaction is idempotent per transaction ID', async () => {
    const eventId = await sendText(alice, roomId, 'twice');
    const txn = nextTxnId();
    const a = await alice.api.put(`/rooms/${r(roomId)}/redact/${r(eventId)}/${txn}`, {});
    const b = await alice.api.put(`/rooms/${r(roomId)}/redact/${r(eventId)}/${txn}`, {});
    assert.equal(a.body.event_id, b.body.event_id);
  });

  test('outsiders cannot send or redact, and cannot tell a private room from a missing one', async () => {
    const carol = await registerUser(ctx.server.url);
    const priv = await createRoom(alice, {});
    const eventId = await sendText(alice, priv, 'private');
    const outcomes = [
      await carol.api.put(`/rooms/${r(priv)}/send/m.room.message/${nextTxnId()}`, { msgtype: 'm.text', body: 'x' }),
      await carol.api.put(`/rooms/${r('!missing:localhost')}/send/m.room.message/${nextTxnId()}`, { msgtype: 'm.text', body: 'x' }),
      await carol.api.put(`/rooms/${r(priv)}/redact/${r(eventId)}/${nextTxnId()}`, {}),
      await carol.api.put(`/rooms/${r('!missing:localhost')}/redact/${r(eventId)}/${nextTxnId()}`, {}),
      await carol.api.put(`/rooms/${r(priv)}/redact/${r('$unknown')}/${nextTxnId()}`, {}),
    ];
    for (const o of outcomes) expectError(o, 403, 'M_FORBIDDEN');
    for (const o of outcomes) assert.deepEqual(o.body, outcomes[0]!.body);
    assert.equal((await alice.api.get(`/rooms/${r(priv)}/event/${r(eventId)}`)).body.content.body, 'private');
  });

  test('a member redacting an event of another room, a missing event or one hidden from them gets one 404', async () => {
    const other = await createRoom(alice, {});
    const elsewhere = await sendText(alice, other, 'not in this room');
    const hiddenRoom = await createRoom(alice, { preset: 'public_chat', initial_state: [{ type: 'm.room.history_visibility', content: { history_visibility: 'joined' } }] });
    const before = await sendText(alice, hiddenRoom, 'before bob joined');
    const mod = await registerUser(ctx.server.url);
    await join(mod, hiddenRoom);
    const pl = (await alice.api.get(`/rooms/${r(hiddenRoom)}/state/m.room.power_levels`)).body;
    assert.equal((await alice.api.put(`/rooms/${r(hiddenRoom)}/state/m.room.power_levels`, { ...pl, users: { ...pl.users, [mod.userId]: 100 } })).status, 200);
    const outcomes = [
      await alice.api.put(`/rooms/${r(roomId)}/redact/${r(elsewhere)}/${nextTxnId()}`, {}),
      await alice.api.put(`/rooms/${r(roomId)}/redact/${r('$doesnotexist')}/${nextTxnId()}`, {}),
      await mod.api.put(`/rooms/${r(hiddenRoom)}/redact/${r(before)}/${nextTxnId()}`, {}),
      await mod.api.put(`/rooms/${r(hiddenRoom)}/redact/${r(elsewhere)}/${nextTxnId()}`, {}),
    ];
    for (const o of outcomes) expectError(o, 404, 'M_NOT_FOUND');
    for (const o of outcomes) assert.deepEqual(o.body, outcomes[0]!.body);
    // Nothing was redacted, and no redaction event was written.
    assert.equal((await alice.api.get(`/rooms/${r(other)}/event/${r(elsewhere)}`)).body.content.body, 'not in this room');
    assert.equal((await alice.api.get(`/rooms/${r(hiddenRoom)}/event/${r(before)}`)).body.content.body, 'before bob joined');
    const messages = await alice.api.get(`/rooms/${r(roomId)}/messages?dir=b&limit=20`);
    assert.ok(!messages.body.chunk.some((e: any) => e.type === 'm.room.redaction' && [elsewhere, '$doesnotexist'].includes(e.redacts ?? e.content.redacts)));
    // The moderator may still redact what they can see.
    const seen = await sendText(alice, hiddenRoom, 'after the moderator joined');
    assert.equal((await mod.api.put(`/rooms/${r(hiddenRoom)}/redact/${r(seen)}/${nextTxnId()}`, {})).status, 200);
  });

  test('a member who left can no longer send', async () => {
    const dave = await registerUser(ctx.server.url);
    await join(dave, roomId);
    await sendText(dave, roomId, 'hi');
    await dave.api.post(`/rooms/${r(roomId)}/leave`, {});
    expectError(await dave.api.put(`/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, { msgtype: 'm.text', body: 'x' }), 403, 'M_FORBIDDEN');
  });
});
