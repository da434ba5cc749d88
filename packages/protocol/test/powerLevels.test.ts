import assert from 'node:assert/strict';
import { test } from 'node:test';
import { actionPowerLevel, eventPowerLevel, notificationsPowerLevel, roomCreator, userPowerLevel } from '../src/index.ts';
import { ALICE, BOB, ev } from './roomFactory.ts';

const createV10 = ev({ type: 'm.room.create', state_key: '', sender: ALICE, content: { creator: BOB } });
const createV11 = ev({ type: 'm.room.create', state_key: '', sender: ALICE, content: {} });

test('power levels: without a power levels event the creator has 100 and others 0', () => {
  assert.equal(userPowerLevel(ALICE, undefined, createV11), 100);
  assert.equal(userPowerLevel(BOB, undefined, createV11), 0);
  assert.equal(userPowerLevel(BOB, undefined, createV10), 100, 'v10: content.creator');
  assert.equal(userPowerLevel(BOB, undefined, createV10, '11'), 0, 'v11: sender');
  assert.equal(userPowerLevel(ALICE, undefined, createV10, '11'), 100);
  assert.equal(userPowerLevel(ALICE, undefined, undefined), 0);
});

test('power levels: roomCreator', () => {
  assert.equal(roomCreator(createV10), BOB);
  assert.equal(roomCreator(createV10, '10'), BOB);
  assert.equal(roomCreator(createV10, '11'), ALICE);
  assert.equal(roomCreator(createV11), ALICE);
});

test('power levels: users[id], then users_default, then 0; non-integers are ignored', () => {
  const pl = { users: { [ALICE]: 75, [BOB]: '90' }, users_default: 5 };
  assert.equal(userPowerLevel(ALICE, pl, createV11), 75);
  assert.equal(userPowerLevel(BOB, pl, createV11), 5);
  assert.equal(userPowerLevel('@x:y', pl, createV11), 5);
  assert.equal(userPowerLevel(ALICE, {}, createV11), 0, 'the creator has no special level once a PL event exists');
  assert.equal(userPowerLevel(ALICE, { users: [] }, createV11), 0);
});

test('power levels: required event levels', () => {
  assert.equal(eventPowerLevel('m.room.message', false, undefined), 0);
  assert.equal(eventPowerLevel('m.room.name', true, undefined), 50);
  const pl = { events: { 'm.room.name': 10, 'm.room.message': 20, 'x.bad': 1.5 }, events_default: 3, state_default: 40 };
  assert.equal(eventPowerLevel('m.room.name', true, pl), 10);
  assert.equal(eventPowerLevel('m.room.message', false, pl), 20);
  assert.equal(eventPowerLevel('m.room.topic', true, pl), 40);
  assert.equal(eventPowerLevel('m.custom', false, pl), 3);
  assert.equal(eventPowerLevel('x.bad', false, pl), 3);
});

test('power levels: invite/kick/ban/redact default to 0/50/50/50', () => {
  assert.equal(actionPowerLevel('invite', undefined), 0);
  assert.equal(actionPowerLevel('kick', undefined), 50);
  assert.equal(actionPowerLevel('ban', {}), 50);
  assert.equal(actionPowerLevel('redact', {}), 50);
  assert.equal(actionPowerLevel('invite', { invite: 10 }), 10);
  assert.equal(actionPowerLevel('ban', { ban: '10' }), 50);
});

test('power levels: notification levels default to 50', () => {
  assert.equal(notificationsPowerLevel('room'), 50);
  assert.equal(notificationsPowerLevel('room', { notifications: { room: 20 } }), 20);
  assert.equal(notificationsPowerLevel('other', { notifications: { room: 20 } }), 50);
  assert.equal(notificationsPowerLevel('room', { notifications: 'x' }), 50);
});
