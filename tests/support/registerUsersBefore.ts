import { before } from 'node:test';
import { registerUser, type TestUser } from './client.ts';
import type { SuiteContext } from './onEachDatabase.ts';

/**
 * Registers one user per name, in the order given, through the public API
 * (registerUser, so each gets a fresh unique localpart) in a before() hook of the
 * calling suite, and hands back one stand-in TestUser per name. Call it in an
 * onEachDatabase body where the `let alice: TestUser; ...` lines would stand, ahead of
 * the body's own before() hooks, which then already see the users:
 *
 *   onEachDatabase('room state', (ctx) => {
 *     const { alice, bob } = registerUsersBefore(ctx, ['alice', 'bob']);
 *     before(async () => { roomId = await createRoom(alice); });
 *     test('...', async () => { ... alice.api ... });
 *   });
 *
 * A stand-in reads through to the user its hook registered, so it may be captured
 * while the suite is declared; reading any of its fields before the hook ran throws.
 */
export function registerUsersBefore<const Name extends string>(ctx: SuiteContext, names: readonly Name[]): Readonly<Record<Name, TestUser>> {
  const registered = new Map<Name, TestUser>();
  before(async () => {
    for (const name of names) registered.set(name, await registerUser(ctx.server.url));
  });
  const users = {} as Record<Name, TestUser>;
  for (const name of names) {
    users[name] = standIn(() => {
      const user = registered.get(name);
      if (!user) throw new Error(`registerUsersBefore: user ${JSON.stringify(name)} is only registered once the suite's before() hooks run`);
      return user;
    });
  }
  return Object.freeze(users);
}

/** Every field of TestUser, once: `satisfies` fails to compile when TestUser gains or loses one. */
const FIELDS = { userId: true, deviceId: true, accessToken: true, localpart: true, password: true, api: true } satisfies Record<keyof TestUser, true>;

/** A TestUser whose every field is an enumerable getter reading `user()` at the time of reading (so `{ ...alice }` copies the real values). */
function standIn(user: () => TestUser): TestUser {
  const out = {} as TestUser;
  for (const field of Object.keys(FIELDS) as (keyof TestUser)[]) {
    Object.defineProperty(out, field, { enumerable: true, get: () => user()[field] });
  }
  return out;
}
