import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { createRoom, nextTxnId, r, sendText } from '../../support/factories.ts';

// Spec, "Transaction identifiers": a retransmission is the same txnId on the same device AND
// the same request path; the same txnId on another path is a new request.
onEachDatabase('transaction IDs are scoped to the device and the request path', (ctx) => {
  const { alice } = registerUsersBefore(ctx, ['alice']);
  let roomA: string;
  let roomB: string;
  before(async () => {
    roomA = await createRoom(alice, {});
    roomB = await createRoom(alice, {});
  });

  const send = (roomId: string, type: string, txnId: string, body: string) => alice.api.put(`/rooms/${r(roomId)}/send/${r(type)}/${r(txnId)}`, { msgtype: 'm.text', body });
  const redact = (roomId: string, eventId: string, txnId: string) => alice.api.put(`/rooms/${r(roomId)}/redact/${r(eventId)}/${r(txnId)}`, {});
  const event = (roomId: string, eventId: string) => alice.api.get(`/rooms/${r(roomId)}/event/${r(eventId)}`);

  test('the same txnId in two rooms sends two events, each in its room', async () => {
    const txnId = nextTxnId();
    const a = await send(roomA, 'm.room.message', txnId, 'in A');
    const b = await send(roomB, 'm.room.message', txnId, 'in B');
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.notEqual(a.body.event_id, b.body.event_id);
    assert.equal((await event(roomA, a.body.event_id)).body.content.body, 'in A');
    assert.equal((await event(roomB, b.body.event_id)).body.content.body, 'in B');
  });

  test('the same txnId with two event types sends two events', async () => {
    const txnId = nextTxnId();
    const a = await send(roomA, 'm.room.message', txnId, 'message');
    const b = await send(roomA, 'org.example.custom', txnId, 'custom');
    assert.notEqual(a.body.event_id, b.body.event_id);
    const got = await event(roomA, b.body.event_id);
    assert.equal(got.body.type, 'org.example.custom');
    assert.equal(got.body.content.body, 'custom');
  });

  test('the same path twice is one event, also when the two requests race', async () => {
    const txnId = nextTxnId();
    const first = await send(roomA, 'm.room.message', txnId, 'once');
    const again = await send(roomA, 'm.room.message', txnId, 'once');
    assert.equal(again.body.event_id, first.body.event_id);
    const raceTxn = nextTxnId();
    const racing = await Promise.all(Array.from({ length: 6 }, () => send(roomA, 'm.room.message', raceTxn, 'raced')));
    for (const res of racing) assert.equal(res.status, 200);
    assert.equal(new Set(racing.map((res) => res.body.event_id)).size, 1);
    const messages = await alice.api.get(`/rooms/${r(roomA)}/messages?dir=b&limit=50`);
    assert.equal(messages.body.chunk.filter((e: any) => e.content?.body === 'raced').length, 1);
  });

  test('a send and a redaction with the same txnId are two requests, and the redaction redacts', async () => {
    const txnId = nextTxnId();
    const sent = await send(roomA, 'm.room.message', txnId, 'to be redacted');
    const redaction = await redact(roomA, sent.body.event_id, txnId);
    assert.equal(redaction.status, 200);
    assert.notEqual(redaction.body.event_id, sent.body.event_id);
    const got = await event(roomA, sent.body.event_id);
    assert.deepEqual(got.body.content, {});
    assert.equal(got.body.unsigned.redacted_because.event_id, redaction.body.event_id);
  });

  test('one txnId redacting two targets redacts both; repeating one redaction is deduplicated', async () => {
    const one = await sendText(alice, roomA, 'one');
    const two = await sendText(alice, roomA, 'two');
    const txnId = nextTxnId();
    const first = await redact(roomA, one, txnId);
    const second = await redact(roomA, two, txnId);
    assert.notEqual(first.body.event_id, second.body.event_id);
    assert.deepEqual((await event(roomA, one)).body.content, {});
    assert.deepEqual((await event(roomA, two)).body.content, {});
    assert.equal((await redact(roomA, two, txnId)).body.event_id, second.body.event_id);
  });

  test('another device of the same user may reuse a txnId on the same path', async () => {
    const login = await alice.api.post('/login', { type: 'm.login.password', identifier: { type: 'm.id.user', user: alice.userId }, password: alice.password });
    assert.equal(login.status, 200);
    const txnId = nextTxnId();
    const a = await send(roomA, 'm.room.message', txnId, 'device one');
    const b = await alice.api.withToken(login.body.access_token).put(`/rooms/${r(roomA)}/send/m.room.message/${txnId}`, { msgtype: 'm.text', body: 'device two' });
    assert.equal(b.status, 200);
    assert.notEqual(a.body.event_id, b.body.event_id);
  });
});
