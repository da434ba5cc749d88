/** Test factory: builds a room's auth state (create, power levels, join rules, members) and events. */
import assert from 'node:assert/strict';
import { authStateFromEvents, checkEventAuth, type AuthOptions, type AuthResult, type AuthStateLookup, type Pdu, type RoomVersion } from '../src/node.ts';

export const ROOM = '!room:example.org';
export const ALICE = '@alice:example.org';
export const BOB = '@bob:example.org';
export const CAROL = '@carol:example.org';
export const DAVE = '@dave:example.org';
export const EVE = '@eve:elsewhere.example';

/** An event with defaults for everything the test does not care about. */
export function ev(fields: Partial<Pdu> & { type: string }): Pdu {
  return {
    room_id: ROOM,
    sender: ALICE,
    origin_server_ts: 1_700_000_000_000,
    content: {},
    hashes: { sha256: 'AAAA' },
    signatures: { 'example.org': { 'ed25519:1': 'sig' } },
    auth_events: [],
    prev_events: ['$prev'],
    depth: 10,
    ...fields,
  };
}

export const state = (type: string, stateKey: string, content: Record<string, unknown>, sender = ALICE): Pdu => ev({ type, state_key: stateKey, content, sender });

export const member = (target: string, membership: string, sender = target, extra: Record<string, unknown> = {}): Pdu =>
  ev({ type: 'm.room.member', state_key: target, sender, content: { membership, ...extra } });

export interface RoomSpec {
  version?: RoomVersion;
  creator?: string;
  createContent?: Record<string, unknown>;
  /** null: no m.room.join_rules event. */
  joinRule?: string | null;
  /** Merged over the default power levels; null: no m.room.power_levels event. */
  powerLevels?: Record<string, unknown> | null;
  members?: Record<string, string>;
  extra?: Pdu[];
}

export interface TestRoom {
  version: RoomVersion;
  create: Pdu;
  events: Pdu[];
  state: AuthStateLookup;
  check(event: Pdu, options?: AuthOptions): AuthResult;
}

/** A room created by `creator` (default Alice, joined, PL 100), invite-only unless told otherwise. */
export function makeRoom(spec: RoomSpec = {}): TestRoom {
  const version = spec.version ?? '10';
  const creator = spec.creator ?? ALICE;
  const createContent = spec.createContent ?? (version === '10' ? { creator, room_version: version } : { room_version: version });
  const create = ev({ type: 'm.room.create', state_key: '', sender: creator, content: createContent, prev_events: [], depth: 1, event_id: '$create' });
  const events: Pdu[] = [create];
  const members = spec.members ?? { [creator]: 'join' };
  for (const [userId, membership] of Object.entries(members)) events.push(member(userId, membership, membership === 'join' ? userId : creator));
  if (spec.powerLevels !== null) {
    events.push(state('m.room.power_levels', '', { users: { [creator]: 100 }, ...spec.powerLevels }, creator));
  }
  const joinRule = spec.joinRule === undefined ? 'invite' : spec.joinRule;
  if (joinRule !== null) events.push(state('m.room.join_rules', '', { join_rule: joinRule }, creator));
  events.push(...(spec.extra ?? []));
  const lookup = authStateFromEvents(events);
  return { version, create, events, state: lookup, check: (event, options) => checkEventAuth(event, lookup, version, options) };
}

export function assertAllowed(result: AuthResult): void {
  assert.deepEqual(result, { ok: true });
}

export function assertRejected(result: AuthResult, rule: string): void {
  assert.equal(result.ok, false, 'expected the event to be rejected');
  if (!result.ok) {
    assert.equal(result.rule, rule, `rejected by ${result.rule} (${result.reason}), expected ${rule}`);
    assert.ok(result.reason.length > 0);
  }
}
