import { after, before, describe } from 'node:test';
import { DATABASES, type DatabaseKind } from './testDatabases.ts';
import { startTestServer, type TestServer, type TestServerOptions } from './testServer.ts';

/** What a suite body gets: the database it runs on and, from its before() hooks on, the server. */
export interface SuiteContext {
  readonly kind: DatabaseKind;
  /** The suite's server; throws if read while the suite is being declared (before any hook ran). */
  readonly server: TestServer;
}

type SuiteBody = (ctx: SuiteContext) => void;

/**
 * One describe(`${title} [${kind}]`) per database in DATABASES, each with its own
 * test server: started (with `options`) in a before() that runs ahead of the body's
 * own hooks, closed in an after() that runs behind them. Register users, rooms and
 * the like in the body's own before(), reading the server as `ctx.server`:
 *
 *   onEachDatabase('room state', (ctx) => {
 *     let alice: TestUser;
 *     before(async () => {
 *       alice = await registerUser(ctx.server.url);
 *     });
 *     test('...', async () => { ... });
 *   });
 */
export function onEachDatabase(title: string, body: SuiteBody): void;
export function onEachDatabase(title: string, options: TestServerOptions, body: SuiteBody): void;
export function onEachDatabase(title: string, optionsOrBody: TestServerOptions | SuiteBody, maybeBody?: SuiteBody): void {
  const [options, body] = typeof optionsOrBody === 'function' ? [{}, optionsOrBody] : [optionsOrBody, maybeBody!];
  for (const kind of DATABASES) {
    describe(`${title} [${kind}]`, () => {
      let server: TestServer | undefined;
      const ctx: SuiteContext = {
        kind,
        get server(): TestServer {
          if (!server) throw new Error(`onEachDatabase(${JSON.stringify(title)}): ctx.server is only set once the suite's before() hooks run`);
          return server;
        },
      };
      before(async () => {
        server = await startTestServer(kind, options);
      });
      body(ctx);
      after(async () => {
        await server?.close();
      });
    });
  }
}
