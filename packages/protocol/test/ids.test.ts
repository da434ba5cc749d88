import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  isValidLocalpart,
  isValidServerName,
  localpartOf,
  makeUserId,
  parseEventId,
  parseRoomAlias,
  parseRoomId,
  parseServerName,
  parseUserId,
  serverNameOf,
  type RoomAlias,
  type UserId,
} from '../src/index.ts';

test('ids: the spec’s example server names are valid', () => {
  for (const s of ['matrix.org', 'matrix.org:8888', '1.2.3.4', '1.2.3.4:1234', '[1234:5678::abcd]', '[1234:5678::abcd]:5678', 'localhost', 'MATRIX.ORG', 'a-b.c']) {
    assert.ok(isValidServerName(s), s);
    assert.equal(parseServerName(s), s);
  }
});

test('ids: invalid server names', () => {
  for (const s of [
    '',
    'matrix.org:',
    'matrix.org:123456',
    'matrix.org:80a',
    'exa mple.org',
    'ex_ample.org',
    '[1234::abcd',
    '1234::abcd]',
    '[g::1]',
    '[]',
    '1.2.3.256',
    'a'.repeat(256),
    'host:1:2',
  ]) {
    assert.equal(isValidServerName(s), false, s);
  }
  assert.equal(parseServerName('bad host'), null);
});

test('ids: user IDs', () => {
  assert.equal(parseUserId('@alice:example.org'), '@alice:example.org');
  assert.equal(parseUserId('@a.b_c=d-e/f+g:example.org:8448'), '@a.b_c=d-e/f+g:example.org:8448');
  assert.equal(parseUserId('@Alice:[::1]:8448'), '@Alice:[::1]:8448');
  // historical user IDs: anything but ':' and NUL, even empty
  assert.equal(parseUserId('@Ünïcode ☃:example.org'), '@Ünïcode ☃:example.org');
  assert.equal(parseUserId('@:example.org'), '@:example.org');
  for (const s of [
    'alice:example.org',
    '@alice',
    '@alice:',
    '@alice:bad host',
    '@al\0ice:example.org',
    '@\uD800:example.org',
    `@${'a'.repeat(250)}:example.org`,
    '#alice:example.org',
  ]) {
    assert.equal(parseUserId(s), null, s);
  }
});

test('ids: user IDs are limited to 255 bytes (not characters)', () => {
  const lp = 'a'.repeat(255 - '@:example.org'.length);
  assert.ok(parseUserId(`@${lp}:example.org`));
  assert.equal(parseUserId(`@${lp.slice(1)}é:example.org`), null);
});

test('ids: room IDs', () => {
  assert.equal(parseRoomId('!abc:example.org'), '!abc:example.org');
  for (const s of ['abc:example.org', '!abc', '!:example.org', '!abc:', '@abc:example.org', '!a\0:example.org']) assert.equal(parseRoomId(s), null, s);
});

test('ids: event IDs', () => {
  assert.equal(parseEventId('$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg'), '$Rqnc-F-dvnEYJTyHq_iKxU2bZ1CI92-kuZq3a5lr5Zg');
  assert.equal(parseEventId('$0:domain'), '$0:domain');
  for (const s of ['$', 'abc', `$${'a'.repeat(255)}`, '$a\0b', '!abc:x']) assert.equal(parseEventId(s), null, s);
});

test('ids: room aliases', () => {
  assert.equal(parseRoomAlias('#room:example.org'), '#room:example.org');
  assert.equal(parseRoomAlias('#Räum mit Leerzeichen:example.org'), '#Räum mit Leerzeichen:example.org');
  for (const s of ['room:example.org', '#room', '#:example.org', '#room:', '!room:example.org']) assert.equal(parseRoomAlias(s), null, s);
});

test('ids: localparts for new users use only a-z 0-9 . _ = - / +', () => {
  for (const s of ['alice', 'a.b_c=d-e/f+g', '0', 'x'.repeat(200)]) assert.ok(isValidLocalpart(s), s);
  for (const s of ['', 'Alice', 'al ice', 'al:ice', 'ü', 'a#b', '@a', 'x'.repeat(254)]) assert.equal(isValidLocalpart(s), false, s);
  assert.ok(isValidLocalpart('a'.repeat(242), 'example.org'));
  assert.equal(isValidLocalpart('a'.repeat(243), 'example.org'), false);
});

test('ids: makeUserId, localpartOf, serverNameOf', () => {
  const u = makeUserId('alice', 'example.org:8448');
  assert.equal(u, '@alice:example.org:8448');
  assert.equal(localpartOf(u), 'alice');
  assert.equal(serverNameOf(u), 'example.org:8448');
  assert.equal(localpartOf('#room:example.org' as RoomAlias), 'room');
  assert.equal(localpartOf('@nocolon' as UserId), 'nocolon');
  assert.equal(serverNameOf('!r:[::1]:80'), '[::1]:80');
  assert.equal(serverNameOf('$opaque'), '');
});
