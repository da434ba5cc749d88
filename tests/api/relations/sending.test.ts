import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { onEachDatabase } from '../../support/onEachDatabase.ts';
import { registerUsersBefore } from '../../support/registerUsersBefore.ts';
import { expectError } from '../../support/client.ts';
import { createRoom, join, nextTxnId, r } from '../../support/factories.ts';
import { edit, getEvent, reaction, redact, relations, send, text, threadReply } from './support.ts';

onEachDatabase('relations at send time', (ctx) => {
  const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
  let roomId: string;
  let otherRoom: string;
  before(async () => {
    roomId = await createRoom(alice, { preset: 'public_chat' });
    otherRoom = await createRoom(alice, { preset: 'public_chat' });
    await join(bob, roomId);
  });

  test('a second identical annotation by the same sender is refused with 400 M_DUPLICATE_ANNOTATION', async () => {
    const target = await send(alice, roomId, text('react to me'));
    await send(bob, roomId, reaction(target, '👍'), 'm.reaction');
    const again = await bob.api.put(`/rooms/${r(roomId)}/send/m.reaction/${nextTxnId()}`, reaction(target, '👍'));
    expectError(again, 400, 'M_DUPLICATE_ANNOTATION');
    // Another key, another sender, or another event type is a new annotation.
    await send(bob, roomId, reaction(target, '🎉'), 'm.reaction');
    await send(alice, roomId, reaction(target, '👍'), 'm.reaction');
    await send(bob, roomId, reaction(target, '👍'), 'org.example.reaction');
    const listed = await relations(alice, roomId, target, '/m.annotation', '?limit=10');
    assert.equal(listed.chunk.length, 4);
  });

  test('after redacting an annotation the same one may be sent again', async () => {
    const target = await send(alice, roomId, text('again'));
    const first = await send(bob, roomId, reaction(target, '👀'), 'm.reaction');
    await redact(bob, roomId, first);
    await send(bob, roomId, reaction(target, '👀'), 'm.reaction');
  });

  test('a thread cannot start from an event that has a relation (400 M_UNKNOWN)', async () => {
    const root = await send(alice, roomId, text('root'));
    const reply = await send(bob, roomId, threadReply(root, 'in thread'));
    const res = await bob.api.put(`/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, threadReply(reply, 'nested'));
    expectError(res, 400, 'M_UNKNOWN');
    const fromEdit = await send(alice, roomId, edit(root, 'root edited'));
    expectError(await bob.api.put(`/rooms/${r(roomId)}/send/m.room.message/${nextTxnId()}`, threadReply(fromEdit, 'nested')), 400, 'M_UNKNOWN');
  });

  test('a thread may start from a plain reply (m.in_reply_to only), and is_falling_back replies count in the thread', async () => {
    const root = await send(alice, roomId, text('question'));
    const replyToRoot = await send(bob, roomId, { ...text('a reply'), 'm.relates_to': { 'm.in_reply_to': { event_id: root } } });
    await send(alice, roomId, threadReply(replyToRoot, 'thread off a reply'));
    const first = await send(bob, roomId, threadReply(root, 'first', { is_falling_back: true, 'm.in_reply_to': { event_id: root } }));
    await send(alice, roomId, threadReply(root, 'quoting first', { is_falling_back: false, 'm.in_reply_to': { event_id: first } }));
    const rootEvent = await getEvent(bob, roomId, root);
    assert.equal(rootEvent.unsigned['m.relations']['m.thread'].count, 2);
    assert.equal(rootEvent.unsigned['m.relations']['m.thread'].latest_event.content.body, 'quoting first');
  });

  test('a relation to an event of another room is refused', async () => {
    const elsewhere = await send(alice, otherRoom, text('elsewhere'));
    expectError(await alice.api.put(`/rooms/${r(roomId)}/send/m.reaction/${nextTxnId()}`, reaction(elsewhere, 'x')), 400, 'M_UNKNOWN');
  });

  test('invalid edits are stored and listed but never aggregated', async () => {
    const original = await send(alice, roomId, text('original'));
    await send(bob, roomId, edit(original, 'edited by someone else'));
    await send(alice, roomId, edit(original, 'other type'), 'org.example.message');
    await send(alice, roomId, { ...edit(original, 'no new content'), 'm.new_content': undefined });
    const listed = await relations(alice, roomId, original, '/m.replace', '?limit=10');
    assert.equal(listed.chunk.length, 3);
    const ev = await getEvent(alice, roomId, original);
    assert.equal(ev.unsigned['m.relations'], undefined);
    // An edit of an edit is ignored too.
    const valid = await send(alice, roomId, edit(original, 'valid edit'));
    await send(alice, roomId, edit(valid, 'edit of an edit'));
    assert.equal((await getEvent(alice, roomId, original)).unsigned['m.relations']['m.replace'].event_id, valid);
    assert.equal((await getEvent(alice, roomId, valid)).unsigned['m.relations'], undefined);
    // A state event cannot be edited.
    const topicRes = await alice.api.put(`/rooms/${r(roomId)}/state/m.room.topic`, { topic: 'topic' });
    await send(alice, roomId, { topic: 'new', 'm.new_content': { topic: 'new' }, 'm.relates_to': { rel_type: 'm.replace', event_id: topicRes.body.event_id } }, 'm.room.topic');
    assert.equal((await getEvent(alice, roomId, topicRes.body.event_id)).unsigned['m.relations'], undefined);
  });

  test('an encrypted edit is honoured without a visible m.new_content (it is in the ciphertext)', async () => {
    const encrypted = { algorithm: 'm.megolm.v1.aes-sha2', ciphertext: 'AwgAEn', device_id: 'DEV', sender_key: 'key', session_id: 'sess' };
    const original = await send(alice, roomId, encrypted, 'm.room.encrypted');
    const replacement = await send(alice, roomId, { ...encrypted, 'm.relates_to': { rel_type: 'm.replace', event_id: original } }, 'm.room.encrypted');
    assert.equal((await getEvent(bob, roomId, original)).unsigned['m.relations']['m.replace'].event_id, replacement);
  });
});
