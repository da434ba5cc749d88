import { test } from 'node:test';
import { checkEventAuth, computeEventId, encodeUnpaddedBase64, generateSigningKey, signJson, type Pdu } from '../src/node.ts';
import { ALICE, BOB, CAROL, DAVE, EVE, assertAllowed, assertRejected, ev, makeRoom, member, state } from './roomFactory.ts';

// 4.1
test('auth 4.1: an m.room.member without state_key is rejected', () => {
  const room = makeRoom();
  assertRejected(room.check(ev({ type: 'm.room.member', sender: BOB, content: { membership: 'join' } })), '4.1');
});

test('auth 4.1: an m.room.member without content.membership is rejected', () => {
  const room = makeRoom();
  assertRejected(room.check(ev({ type: 'm.room.member', sender: BOB, state_key: BOB, content: {} })), '4.1');
});

// 4.2
test('auth 4.2.1: join_authorised_via_users_server requires a signature from that user’s server', () => {
  const room = makeRoom({ joinRule: 'restricted', members: { [ALICE]: 'join', [EVE]: 'join' } });
  const join = (signatures: Pdu['signatures']) =>
    ev({ type: 'm.room.member', sender: BOB, state_key: BOB, signatures, content: { membership: 'join', join_authorised_via_users_server: EVE } });
  assertRejected(room.check(join({ 'example.org': { 'ed25519:1': 's' } })), '4.2.1');
  assertRejected(room.check(join({ 'example.org': { 'ed25519:1': 's' }, 'elsewhere.example': {} })), '4.2.1');
  assertAllowed(room.check(join({ 'example.org': { 'ed25519:1': 's' }, 'elsewhere.example': { 'ed25519:2': 's' } })));
});

test('auth 4.2.1: the isSignedBy option decides whether the authorising server signed', () => {
  const room = makeRoom({ joinRule: 'restricted', members: { [ALICE]: 'join', [EVE]: 'join' } });
  const join = ev({ type: 'm.room.member', sender: BOB, state_key: BOB, content: { membership: 'join', join_authorised_via_users_server: EVE } });
  assertRejected(room.check(join, { isSignedBy: () => false }), '4.2.1');
  assertAllowed(room.check(join, { isSignedBy: (_e, server) => server === 'elsewhere.example' }));
});

test('auth 4.2.1: a join_authorised_via_users_server that is not a user ID is rejected', () => {
  const room = makeRoom({ joinRule: 'restricted' });
  assertRejected(room.check(member(BOB, 'join', BOB, { join_authorised_via_users_server: 'nope' })), '4.2.1');
  assertRejected(room.check(member(BOB, 'join', BOB, { join_authorised_via_users_server: 42 })), '4.2.1');
});

// 4.3 join
test('auth 4.3.1: the creator may join when the only previous event is the create event', () => {
  const room = makeRoom({ members: {}, powerLevels: null, joinRule: null });
  assertAllowed(room.check({ ...member(ALICE, 'join'), prev_events: ['$create'] }));
});

test('auth 4.3.1: the create event id is computed when the create event has none', () => {
  const room = makeRoom({ members: {}, powerLevels: null, joinRule: null });
  const { event_id: _id, ...create } = room.create;
  const lookup = (type: string, key: string) => (type === 'm.room.create' && key === '' ? create : undefined);
  assertAllowed(checkEventAuth({ ...member(ALICE, 'join'), prev_events: [computeEventId(create, '10')] }, lookup, '10'));
  assertRejected(checkEventAuth({ ...member(ALICE, 'join'), prev_events: ['$other'] }, lookup, '10'), '4.3.4');
});

test('auth 4.3.1: someone other than the creator may not join right after the create event', () => {
  const room = makeRoom({ members: {}, powerLevels: null, joinRule: null });
  assertRejected(room.check({ ...member(BOB, 'join'), prev_events: ['$create'] }), '4.3.4');
});

test('auth 4.3.1 (v11): the creator is the sender of the create event', () => {
  const room = makeRoom({ version: '11', members: {}, powerLevels: null, joinRule: null, createContent: { creator: BOB } });
  assertAllowed(room.check({ ...member(ALICE, 'join'), prev_events: ['$create'] }));
  assertRejected(room.check({ ...member(BOB, 'join'), prev_events: ['$create'] }), '4.3.4');
});

test('auth 4.3.1 (v10): the creator is content.creator of the create event', () => {
  const room = makeRoom({ version: '10', members: {}, powerLevels: null, joinRule: null, createContent: { creator: BOB } });
  assertAllowed(room.check({ ...member(BOB, 'join'), prev_events: ['$create'] }));
});

test('auth 4.3.2: a join whose sender differs from the state_key is rejected', () => {
  const room = makeRoom({ joinRule: 'public' });
  assertRejected(room.check(member(BOB, 'join', ALICE)), '4.3.2');
});

test('auth 4.3.3: a banned user cannot join', () => {
  const room = makeRoom({ joinRule: 'public', members: { [ALICE]: 'join', [BOB]: 'ban' } });
  assertRejected(room.check(member(BOB, 'join')), '4.3.3');
});

for (const rule of ['invite', 'knock']) {
  test(`auth 4.3.4: with join rule ${rule}, invited or joined users may join`, () => {
    const room = makeRoom({ joinRule: rule, members: { [ALICE]: 'join', [BOB]: 'invite', [CAROL]: 'join' } });
    assertAllowed(room.check(member(BOB, 'join')));
    assertAllowed(room.check(member(CAROL, 'join', CAROL, { displayname: 'C' })));
  });
  test(`auth 4.3.4: with join rule ${rule}, uninvited users cannot join`, () => {
    const room = makeRoom({ joinRule: rule, members: { [ALICE]: 'join', [BOB]: 'leave', [CAROL]: 'knock' } });
    assertRejected(room.check(member(BOB, 'join')), '4.3.4');
    assertRejected(room.check(member(CAROL, 'join')), '4.3.4');
    assertRejected(room.check(member(DAVE, 'join')), '4.3.4');
  });
}

test('auth 4.3.4: without an m.room.join_rules event the room is invite-only', () => {
  const room = makeRoom({ joinRule: null, members: { [ALICE]: 'join', [BOB]: 'invite' } });
  assertAllowed(room.check(member(BOB, 'join')));
  assertRejected(room.check(member(CAROL, 'join')), '4.3.4');
});

for (const rule of ['restricted', 'knock_restricted']) {
  const signed = { 'example.org': { 'ed25519:1': 's' } };
  test(`auth 4.3.5.1: with join rule ${rule}, invited or joined users may join`, () => {
    const room = makeRoom({ joinRule: rule, members: { [ALICE]: 'join', [BOB]: 'invite', [CAROL]: 'join' } });
    assertAllowed(room.check(member(BOB, 'join')));
    assertAllowed(room.check(member(CAROL, 'join')));
  });
  test(`auth 4.3.5.2: with join rule ${rule}, a join without an authorising user is rejected`, () => {
    const room = makeRoom({ joinRule: rule });
    assertRejected(room.check(member(BOB, 'join')), '4.3.5.2');
  });
  test(`auth 4.3.5.2: with join rule ${rule}, the authorising user must be joined`, () => {
    const room = makeRoom({ joinRule: rule, members: { [ALICE]: 'join', [CAROL]: 'invite' } });
    assertRejected(room.check({ ...member(BOB, 'join', BOB, { join_authorised_via_users_server: CAROL }), signatures: signed }), '4.3.5.2');
    assertRejected(room.check({ ...member(BOB, 'join', BOB, { join_authorised_via_users_server: DAVE }), signatures: signed }), '4.3.5.2');
  });
  test(`auth 4.3.5.2: with join rule ${rule}, the authorising user must be able to invite`, () => {
    const room = makeRoom({ joinRule: rule, members: { [ALICE]: 'join', [CAROL]: 'join' }, powerLevels: { invite: 50 } });
    assertRejected(room.check({ ...member(BOB, 'join', BOB, { join_authorised_via_users_server: CAROL }), signatures: signed }), '4.3.5.2');
  });
  test(`auth 4.3.5.3: with join rule ${rule}, a join authorised by a joined user who can invite is allowed`, () => {
    const room = makeRoom({ joinRule: rule, members: { [ALICE]: 'join', [CAROL]: 'join' } });
    assertAllowed(room.check({ ...member(BOB, 'join', BOB, { join_authorised_via_users_server: CAROL }), signatures: signed }));
  });
}

test('auth 4.3.6: anyone may join a public room', () => {
  const room = makeRoom({ joinRule: 'public' });
  assertAllowed(room.check(member(BOB, 'join')));
  assertAllowed(room.check(member(EVE, 'join')));
});

test('auth 4.3.7: other join rules reject joins', () => {
  assertRejected(makeRoom({ joinRule: 'private' }).check(member(BOB, 'join')), '4.3.7');
  assertRejected(makeRoom({ joinRule: 'something' }).check(member(BOB, 'join')), '4.3.7');
});

test('auth 4.3.5 (v10): knock_restricted allows restricted joins in room version 10', () => {
  const room = makeRoom({ version: '10', joinRule: 'knock_restricted', members: { [ALICE]: 'join' } });
  assertAllowed(room.check({ ...member(BOB, 'join', BOB, { join_authorised_via_users_server: ALICE }) }));
});

// 4.4 invite
function thirdPartyRoom(extraTpiContent: Record<string, unknown> = {}, tpiSender = ALICE) {
  const key = generateSigningKey('tp');
  const other = generateSigningKey('other');
  const tpi = state(
    'm.room.third_party_invite',
    'tok',
    { display_name: 'b...', key_validity_url: 'https://id.example/v', public_key: key.publicKey, ...extraTpiContent },
    tpiSender,
  );
  const room = makeRoom({ members: { [ALICE]: 'join', [CAROL]: 'ban' }, extra: [tpi] });
  const signedBy = (k = key, mxid = BOB, token = 'tok') => signJson({ mxid, sender: ALICE, token }, 'id.example', k);
  const invite = (signed: unknown, target = BOB, sender = ALICE) =>
    member(target, 'invite', sender, { third_party_invite: signed === undefined ? {} : { display_name: 'b...', signed } });
  return { room, key, other, signedBy, invite };
}

test('auth 4.4.1.7: a third-party invite signed with the invite’s public_key is allowed', () => {
  const { room, signedBy, invite } = thirdPartyRoom();
  assertAllowed(room.check(invite(signedBy())));
});

test('auth 4.4.1.7: keys listed in public_keys are accepted too', () => {
  const other = generateSigningKey('x');
  const { room, signedBy, invite } = thirdPartyRoom({ public_key: undefined, public_keys: [{ public_key: 'bad' }, 'junk', { public_key: other.publicKey }] });
  assertAllowed(room.check(invite(signedBy(other))));
});

test('auth 4.4.1.1: a third-party invite for a banned user is rejected', () => {
  const { room, signedBy, invite } = thirdPartyRoom();
  assertRejected(room.check(invite(signedBy(undefined, CAROL), CAROL)), '4.4.1.1');
});

test('auth 4.4.1.2: a third-party invite without signed is rejected', () => {
  const { room, invite } = thirdPartyRoom();
  assertRejected(room.check(invite(undefined)), '4.4.1.2');
  assertRejected(room.check(member(BOB, 'invite', ALICE, { third_party_invite: 'x' })), '4.4.1.2');
});

test('auth 4.4.1.3: signed without mxid or token is rejected', () => {
  const { room, invite } = thirdPartyRoom();
  assertRejected(room.check(invite({ token: 'tok' })), '4.4.1.3');
  assertRejected(room.check(invite({ mxid: BOB })), '4.4.1.3');
});

test('auth 4.4.1.4: signed.mxid must match the state_key', () => {
  const { room, signedBy, invite } = thirdPartyRoom();
  assertRejected(room.check(invite(signedBy(undefined, DAVE))), '4.4.1.4');
});

test('auth 4.4.1.5: there must be an m.room.third_party_invite for the token', () => {
  const { room, signedBy, invite } = thirdPartyRoom();
  assertRejected(room.check(invite(signedBy(undefined, BOB, 'other-token'))), '4.4.1.5');
});

test('auth 4.4.1.6: the sender must match the sender of the m.room.third_party_invite', () => {
  const { room, signedBy, invite } = thirdPartyRoom({}, CAROL);
  assertRejected(room.check(invite(signedBy())), '4.4.1.6');
});

test('auth 4.4.1.8: a signature from an unknown key is rejected', () => {
  const { room, other, signedBy, invite } = thirdPartyRoom();
  assertRejected(room.check(invite(signedBy(other))), '4.4.1.8');
  assertRejected(room.check(invite({ mxid: BOB, token: 'tok' })), '4.4.1.8');
  assertRejected(room.check(invite({ mxid: BOB, token: 'tok', signatures: { 'id.example': 'x' } })), '4.4.1.8');
  const forged = { ...signedBy(), mxid: BOB, token: 'tok', extra: encodeUnpaddedBase64(new Uint8Array([1])) };
  assertRejected(room.check(invite(forged)), '4.4.1.8');
});

test('auth 4.4.2: an invite from a sender who is not joined is rejected', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [CAROL]: 'invite' } });
  assertRejected(room.check(member(BOB, 'invite', CAROL)), '4.4.2');
  assertRejected(room.check(member(BOB, 'invite', DAVE)), '4.4.2');
});

test('auth 4.4.3: inviting a user who is joined or banned is rejected', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join', [CAROL]: 'ban' } });
  assertRejected(room.check(member(BOB, 'invite', ALICE)), '4.4.3');
  assertRejected(room.check(member(CAROL, 'invite', ALICE)), '4.4.3');
});

test('auth 4.4.4: a joined sender at the invite level may invite (including re-invites and invites of knocking users)', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join', [CAROL]: 'knock', [DAVE]: 'invite' } });
  assertAllowed(room.check(member(EVE, 'invite', BOB)));
  assertAllowed(room.check(member(CAROL, 'invite', BOB)));
  assertAllowed(room.check(member(DAVE, 'invite', BOB)));
});

test('auth 4.4.5: a sender below the invite level cannot invite', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join' }, powerLevels: { invite: 50 } });
  assertRejected(room.check(member(CAROL, 'invite', BOB)), '4.4.5');
  assertAllowed(room.check(member(CAROL, 'invite', ALICE)));
});

// 4.5 leave
test('auth 4.5.1: a user may leave (or reject an invite, or rescind a knock) themselves', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'invite', [CAROL]: 'knock' } });
  assertAllowed(room.check(member(ALICE, 'leave')));
  assertAllowed(room.check(member(BOB, 'leave')));
  assertAllowed(room.check(member(CAROL, 'leave')));
});

test('auth 4.5.1: a user who is banned, left, or never joined cannot leave', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'ban', [CAROL]: 'leave' } });
  assertRejected(room.check(member(BOB, 'leave')), '4.5.1');
  assertRejected(room.check(member(CAROL, 'leave')), '4.5.1');
  assertRejected(room.check(member(DAVE, 'leave')), '4.5.1');
});

test('auth 4.5.2: kicking someone requires the sender to be joined', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join', [CAROL]: 'leave' }, powerLevels: { users: { [ALICE]: 100, [CAROL]: 100 } } });
  assertRejected(room.check(member(BOB, 'leave', CAROL)), '4.5.2');
});

test('auth 4.5.3: unbanning requires the ban level', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join', [CAROL]: 'ban' }, powerLevels: { users: { [ALICE]: 100, [BOB]: 60 }, kick: 50, ban: 70 } });
  assertRejected(room.check(member(CAROL, 'leave', BOB)), '4.5.3');
  assertAllowed(room.check(member(CAROL, 'leave', ALICE)));
});

test('auth 4.5.4: a sender at the kick level may kick a user with a lower level', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join', [CAROL]: 'join' }, powerLevels: { users: { [ALICE]: 100, [BOB]: 50 } } });
  assertAllowed(room.check(member(CAROL, 'leave', BOB)));
  assertAllowed(room.check(member(BOB, 'leave', ALICE)));
});

test('auth 4.5.5: kicking needs the kick level and a higher level than the target', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join', [CAROL]: 'join' }, powerLevels: { users: { [ALICE]: 100, [BOB]: 50, [CAROL]: 50 }, kick: 60 } });
  assertRejected(room.check(member(CAROL, 'leave', BOB)), '4.5.5');
  const equal = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join', [CAROL]: 'join' }, powerLevels: { users: { [ALICE]: 100, [BOB]: 50, [CAROL]: 50 } } });
  assertRejected(equal.check(member(CAROL, 'leave', BOB)), '4.5.5');
  assertRejected(equal.check(member(ALICE, 'leave', BOB)), '4.5.5');
});

// 4.6 ban
test('auth 4.6.1: banning requires the sender to be joined', () => {
  const room = makeRoom({ members: { [ALICE]: 'leave', [BOB]: 'join' } });
  assertRejected(room.check(member(BOB, 'ban', ALICE)), '4.6.1');
});

test('auth 4.6.2: a sender at the ban level may ban a lower user, even one not in the room', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join' } });
  assertAllowed(room.check(member(BOB, 'ban', ALICE)));
  assertAllowed(room.check(member(EVE, 'ban', ALICE)));
});

test('auth 4.6.3: banning needs the ban level and a higher level than the target', () => {
  const room = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join', [CAROL]: 'join' }, powerLevels: { users: { [ALICE]: 100, [BOB]: 40 } } });
  assertRejected(room.check(member(CAROL, 'ban', BOB)), '4.6.3');
  assertRejected(room.check(member(ALICE, 'ban', BOB)), '4.6.3');
  const peers = makeRoom({ members: { [ALICE]: 'join', [BOB]: 'join' }, powerLevels: { users: { [ALICE]: 100, [BOB]: 100 } } });
  assertRejected(peers.check(member(BOB, 'ban', ALICE)), '4.6.3');
});

// 4.7 knock
for (const rule of ['knock', 'knock_restricted']) {
  test(`auth 4.7.3: with join rule ${rule}, a user who is not banned, invited or joined may knock`, () => {
    const room = makeRoom({ joinRule: rule, members: { [ALICE]: 'join', [CAROL]: 'leave' } });
    assertAllowed(room.check(member(BOB, 'knock', BOB, { reason: 'let me in' })));
    assertAllowed(room.check(member(CAROL, 'knock')));
  });
}

test('auth 4.7.1: knocking is rejected unless the join rule is knock or knock_restricted', () => {
  for (const rule of ['public', 'invite', 'restricted', 'private']) {
    assertRejected(makeRoom({ joinRule: rule }).check(member(BOB, 'knock')), '4.7.1');
  }
  assertRejected(makeRoom({ joinRule: null }).check(member(BOB, 'knock')), '4.7.1');
});

test('auth 4.7.2: a knock whose sender differs from the state_key is rejected', () => {
  assertRejected(makeRoom({ joinRule: 'knock' }).check(member(BOB, 'knock', ALICE)), '4.7.2');
});

test('auth 4.7.4: banned, invited or joined users cannot knock', () => {
  const room = makeRoom({ joinRule: 'knock', members: { [ALICE]: 'join', [BOB]: 'ban', [CAROL]: 'invite' } });
  assertRejected(room.check(member(BOB, 'knock')), '4.7.4');
  assertRejected(room.check(member(CAROL, 'knock')), '4.7.4');
  assertRejected(room.check(member(ALICE, 'knock')), '4.7.4');
});

// 4.8
test('auth 4.8: an unknown membership is rejected', () => {
  const room = makeRoom();
  assertRejected(room.check(member(BOB, 'dance')), '4.8');
  assertRejected(room.check(member(BOB, 7 as unknown as string)), '4.8');
});

test('auth 4 (v11): membership rules are unchanged in room version 11', () => {
  const room = makeRoom({ version: '11', joinRule: 'knock_restricted', members: { [ALICE]: 'join', [BOB]: 'ban' } });
  assertRejected(room.check(member(BOB, 'join')), '4.3.3');
  assertAllowed(room.check(member(CAROL, 'knock')));
  assertAllowed(room.check(member(CAROL, 'join', CAROL, { join_authorised_via_users_server: ALICE })));
});
