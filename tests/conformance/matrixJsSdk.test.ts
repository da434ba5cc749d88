import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Direction, EventStatus, EventType, KnownMembership, MatrixError, MsgType, Preset, RoomEvent, type MatrixClient, type MatrixEvent, type Room } from 'matrix-js-sdk';
import type { RoomMessageEventContent } from 'matrix-js-sdk/lib/@types/events.js';
import { onEachDatabase } from '../support/onEachDatabase.ts';
import { registerUser } from '../support/client.ts';
import { createRoom, r, sendText } from '../support/factories.ts';
import { makeSdkClient, registerSdkUser, startAndSync, waitUntil, type SdkUser } from '../support/sdk.ts';

const TIMEOUT = { timeout: 30_000 };

function bodiesIn(room: Room | null): string[] {
  if (!room) return [];
  return room
    .getLiveTimeline()
    .getEvents()
    .filter((e) => e.getType() === EventType.RoomMessage)
    .map((e) => String(e.getContent().body));
}

function findByBody(client: MatrixClient, roomId: string, body: string): MatrixEvent | undefined {
  return client
    .getRoom(roomId)
    ?.getLiveTimeline()
    .getEvents()
    .find((e) => e.getContent().body === body);
}

async function expectMatrixError(p: Promise<unknown>, status: number, errcode: string): Promise<MatrixError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof MatrixError, `expected a MatrixError, got ${String(err)}`);
    assert.equal(err.errcode, errcode);
    assert.equal(err.httpStatus, status);
    assert.equal(typeof err.data.error, 'string');
    return err;
  }
  assert.fail(`expected ${status} ${errcode}, the request succeeded`);
}

onEachDatabase('matrix-js-sdk conformance', (ctx) => {
  let alice: SdkUser;
  let bob: SdkUser;
  const extraClients: MatrixClient[] = [];
  let roomId: string;

  before(async () => {
    alice = await registerSdkUser(ctx.server.url);
    bob = await registerSdkUser(ctx.server.url);
    await Promise.all([startAndSync(alice.client), startAndSync(bob.client)]);
  });
  after(() => {
    for (const c of [alice?.client, bob?.client, ...extraClients]) c?.stopClient();
  });

  test('an invite to a private room reaches the invitee, who joins', TIMEOUT, async () => {
    const seen: string[] = [];
    const onMyMembership = (room: Room, membership: string): void => {
      if (room.roomId === roomId) seen.push(membership);
    };
    bob.client.on(RoomEvent.MyMembership, onMyMembership);
    const created = await alice.client.createRoom({ preset: Preset.PrivateChat, name: 'SDK room' });
    roomId = created.room_id;
    await alice.client.invite(roomId, bob.userId);
    const invited = await waitUntil(bob.client, () => bob.client.getRoom(roomId)?.getMyMembership() === KnownMembership.Invite && bob.client.getRoom(roomId));
    assert.equal(invited.getMember(bob.userId)?.membership, KnownMembership.Invite);
    assert.equal(invited.getMember(bob.userId)?.events.member?.getSender(), alice.userId);

    await bob.client.joinRoom(roomId);
    await waitUntil(bob.client, () => bob.client.getRoom(roomId)?.getMyMembership() === KnownMembership.Join);
    const seenByAlice = await waitUntil(
      alice.client,
      () => alice.client.getRoom(roomId)?.getMember(bob.userId)?.membership === KnownMembership.Join && alice.client.getRoom(roomId),
    );
    assert.equal(seenByAlice.getJoinedMemberCount(), 2);
    bob.client.off(RoomEvent.MyMembership, onMyMembership);
    assert.deepEqual(seen, [KnownMembership.Invite, KnownMembership.Join], 'Room.myMembership fired for the invite, then the join');
    assert.equal(bob.client.getRoom(roomId)?.name, 'SDK room');
  });

  test('messages travel both ways and local echoes become remote echoes', TIMEOUT, async () => {
    const room = alice.client.getRoom(roomId);
    assert.ok(room);
    const sending = alice.client.sendTextMessage(roomId, 'hello bob');
    // The SDK adds the local echo synchronously, before the request leaves.
    const local = room
      .getLiveTimeline()
      .getEvents()
      .find((e) => e.getContent().body === 'hello bob');
    assert.ok(local, 'local echo in the live timeline');
    assert.equal(local.status, EventStatus.SENDING);
    assert.ok(local.getId()?.startsWith('~'), `local id ${local.getId()}`);
    const { event_id: eventId } = await sending;
    assert.match(eventId, /^\$/);

    await waitUntil(alice.client, () => local.status === null);
    assert.equal(local.getId(), eventId);
    assert.equal(bodiesIn(room).filter((b) => b === 'hello bob').length, 1, 'the remote echo replaced the local echo');

    const atBob = await waitUntil(bob.client, () => findByBody(bob.client, roomId, 'hello bob'));
    assert.equal(atBob.getId(), eventId);
    assert.equal(atBob.getSender(), alice.userId);

    const reply = await bob.client.sendTextMessage(roomId, 'hi alice');
    const atAlice = await waitUntil(alice.client, () => findByBody(alice.client, roomId, 'hi alice'));
    assert.equal(atAlice.getId(), reply.event_id);
    assert.equal(atAlice.getSender(), bob.userId);
    const order = bodiesIn(alice.client.getRoom(roomId));
    assert.ok(order.indexOf('hello bob') < order.indexOf('hi alice'));
  });

  test('the same txnId sent twice yields one event', TIMEOUT, async () => {
    const content: RoomMessageEventContent = { msgtype: MsgType.Text, body: 'only once' };
    const first = await alice.client.sendEvent(roomId, EventType.RoomMessage, { ...content }, 'sdk-txn-1');
    // The SDK refuses a txnId it still holds as pending; once the remote echo is in, it lets go of it.
    await waitUntil(alice.client, () => findByBody(alice.client, roomId, 'only once')?.status === null);
    const again = await alice.client.sendEvent(roomId, EventType.RoomMessage, { ...content }, 'sdk-txn-1');
    assert.equal(again.event_id, first.event_id);
    // A restarted app (a new client on the same device) retrying its queued send.
    const restarted = makeSdkClient(ctx.server.url, { userId: alice.userId, accessToken: alice.accessToken, deviceId: alice.deviceId });
    extraClients.push(restarted);
    const retried = await restarted.sendEvent(roomId, EventType.RoomMessage, { ...content }, 'sdk-txn-1');
    assert.equal(retried.event_id, first.event_id);

    const page = await alice.client.createMessagesRequest(roomId, null, 50, Direction.Backward);
    assert.equal(page.chunk.filter((e) => e.content.body === 'only once').length, 1);
    await alice.client.sendTextMessage(roomId, 'marker after once');
    await waitUntil(bob.client, () => findByBody(bob.client, roomId, 'marker after once'));
    assert.equal(bodiesIn(bob.client.getRoom(roomId)).filter((b) => b === 'only once').length, 1);
  });

  test('scrollback pages back through 200 messages to the room creation', { timeout: 60_000 }, async () => {
    // Carol writes the history over raw HTTP (no syncing client of hers to wake), then reads it with the SDK.
    const carol = await registerUser(ctx.server.url);
    const historyRoom = await createRoom(carol, { preset: 'private_chat' });
    const bodies = Array.from({ length: 200 }, (_, i) => `history ${String(i).padStart(3, '0')}`);
    // Ten senders at a time; the server's order (one forward page) is the order the SDK must show.
    for (let i = 0; i < bodies.length; i += 10) await Promise.all(bodies.slice(i, i + 10).map((body) => sendText(carol, historyRoom, body)));
    const forward = await carol.api.get(`/rooms/${r(historyRoom)}/messages?dir=f&limit=1000`);
    const serverOrder = (forward.body.chunk as Array<{ type: string; content: { body?: string } }>).filter((e) => e.type === 'm.room.message').map((e) => String(e.content.body));
    assert.deepEqual([...serverOrder].sort(), bodies);
    // A fresh client sees only the tail of the room and has to page back for the rest.
    const reader = makeSdkClient(ctx.server.url, { userId: carol.userId, accessToken: carol.accessToken, deviceId: carol.deviceId });
    extraClients.push(reader);
    await startAndSync(reader, 5);
    const room = await waitUntil(reader, () => reader.getRoom(historyRoom));
    assert.ok(bodiesIn(room).length <= 5);
    const hasCreate = (): boolean =>
      room
        .getLiveTimeline()
        .getEvents()
        .some((e) => e.getType() === EventType.RoomCreate);
    let pages = 0;
    while (!hasCreate()) {
      await reader.scrollback(room, 30);
      pages += 1;
      assert.ok(pages < 50, 'scrollback never reached the create event');
    }
    assert.ok(pages >= 200 / 30, `only ${pages} pages for 200 messages`);
    assert.deepEqual(bodiesIn(room), serverOrder);
    assert.equal(room.getLiveTimeline().getEvents()[0]?.getType(), EventType.RoomCreate);
    // Scrolling past the start is a no-op, not an error.
    await reader.scrollback(room, 30);
    assert.deepEqual(bodiesIn(room), serverOrder);
  });

  test('a redaction reaches the other client', TIMEOUT, async () => {
    const { event_id: eventId } = await alice.client.sendTextMessage(roomId, 'regrettable');
    const atBob = await waitUntil(bob.client, () => bob.client.getRoom(roomId)?.findEventById(eventId));
    assert.equal(atBob.isRedacted(), false);
    const redaction = await alice.client.redactEvent(roomId, eventId, undefined, { reason: 'oops' });
    assert.match(redaction.event_id, /^\$/);
    await waitUntil(bob.client, () => atBob.isRedacted());
    assert.deepEqual(atBob.getContent(), {});
    assert.equal(atBob.getUnsigned().redacted_because?.event_id, redaction.event_id);
    const fetched = await bob.client.fetchRoomEvent(roomId, eventId);
    assert.deepEqual(fetched.content, {});
  });

  test('a refusal surfaces as a MatrixError with its errcode', TIMEOUT, async () => {
    const secret = await alice.client.createRoom({ preset: Preset.PrivateChat });
    const err = await expectMatrixError(bob.client.joinRoom(secret.room_id), 403, 'M_FORBIDDEN');
    assert.match(err.message, /.+/);
    // GET /rooms/{roomId}/event/{eventId} refuses only with 404, as the spec says (and Synapse does).
    await expectMatrixError(bob.client.fetchRoomEvent(secret.room_id, '$nope'), 404, 'M_NOT_FOUND');
    await expectMatrixError(bob.client.roomState(secret.room_id), 403, 'M_FORBIDDEN');
  });

  test('a kicked user sees the kick and can no longer read new messages', TIMEOUT, async () => {
    await alice.client.sendTextMessage(roomId, 'before the kick');
    await waitUntil(bob.client, () => findByBody(bob.client, roomId, 'before the kick'));
    await alice.client.kick(roomId, bob.userId, 'bye');
    const kick = await waitUntil(bob.client, () => bob.client.getRoom(roomId)?.getMyMembership() === KnownMembership.Leave && bob.client.getRoom(roomId)?.getMember(bob.userId));
    assert.equal(kick.events.member?.getSender(), alice.userId);
    assert.equal(kick.events.member?.getContent().reason, 'bye');
    await waitUntil(alice.client, () => alice.client.getRoom(roomId)?.getMember(bob.userId)?.membership === KnownMembership.Leave);

    const { event_id: afterKick } = await alice.client.sendTextMessage(roomId, 'after the kick');
    // History is bounded at the leave: bob reads up to his kick, never past it.
    const page = await bob.client.createMessagesRequest(roomId, null, 50, Direction.Backward);
    const ids = page.chunk.map((e) => e.event_id);
    assert.ok(!ids.includes(afterKick), 'a kicked user read a message sent after the kick');
    assert.ok(page.chunk.some((e) => e.content.body === 'before the kick'));
    const newest = page.chunk[0] as (typeof page.chunk)[number] & { state_key?: string };
    assert.equal(newest.type, EventType.RoomMember);
    assert.equal(newest.state_key, bob.userId);
    assert.equal(newest.content.membership, KnownMembership.Leave);
    await expectMatrixError(bob.client.fetchRoomEvent(roomId, afterKick), 404, 'M_NOT_FOUND');
    await expectMatrixError(bob.client.sendTextMessage(roomId, 'let me back'), 403, 'M_FORBIDDEN');
    await expectMatrixError(bob.client.joinRoom(roomId), 403, 'M_FORBIDDEN');
  });
});
