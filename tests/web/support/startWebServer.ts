import { startTestServer, type TestServer, type TestServerOptions } from '../../support/testServer.ts';

/**
 * A real Parley (SQLite in a temporary folder, real HTTP on 127.0.0.1) serving the web client
 * from `distDir`: a fixture build (tests/support/fixtureDist.ts) or apps/web/dist. The page is
 * at `server.url + '/'`; close() stops the server.
 */
export function startWebServer(distDir: string, opts: TestServerOptions = {}): Promise<TestServer> {
  return startTestServer('sqlite', { ...opts, file: { ...(opts.file ?? {}), web_client: { enabled: true, path: distDir } } });
}
