import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { prepareServer, resolveConfig, type AppDeps, type Config } from '@parley/server';
import type { FastifyInstance } from 'fastify';
import { isFetchablePort } from './fetchablePort.ts';
import { createScratchPostgres, type DatabaseKind, type ScratchDatabase } from './testDatabases.ts';

export interface TestServer {
  kind: DatabaseKind;
  url: string;
  deps: AppDeps;
  app: FastifyInstance;
  config: Config;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** parley.yaml-shaped settings (snake_case), e.g. { registration: { mode: 'token', tokens: ['x'] } }. */
  file?: Record<string, unknown>;
  /** Keep rate limits on (they are off by default in tests). */
  rateLimits?: boolean;
  /** Reuse a database across a restart: a data dir (SQLite) or a scratch database (PostgreSQL). */
  dataDir?: string;
  postgres?: ScratchDatabase;
  /** `--ephemeral`: in-memory SQLite and media. */
  ephemeral?: boolean;
}

/**
 * The real server over real HTTP on 127.0.0.1 with a fresh database: an
 * in-memory SQLite or a scratch PostgreSQL database that close() drops.
 */
export async function startTestServer(kind: DatabaseKind, opts: TestServerOptions = {}): Promise<TestServer> {
  const scratch = kind === 'postgres' ? (opts.postgres ?? (await createScratchPostgres())) : undefined;
  // PostgreSQL servers get a data folder too: media files live there (media.store: file).
  const ownDir = opts.dataDir === undefined;
  const config = resolveConfig(
    {
      server_name: 'localhost',
      log_level: process.env.PARLEY_TEST_LOG_LEVEL ?? 'silent',
      password_hash_memory_kib: 1024,
      // Off unless a suite turns it on: a room-mate's first /sync (offline -> online) would wake
      // the long-polls that suites about other wake-ups are waiting in (tests/api/probes/ turn it on).
      presence: { enabled: false },
      ...(opts.file ?? {}),
      rate_limits: { enabled: opts.rateLimits === true, ...((opts.file?.rate_limits as object | undefined) ?? {}) },
    },
    {},
    { port: 0, dataDir: opts.dataDir ?? mkdtempSync(join(tmpdir(), 'parley-test-')), ...(opts.ephemeral ? { ephemeral: true } : {}) },
  );
  if (scratch) config.databaseUrl = scratch.url;
  config.bindAddress = '127.0.0.1';
  const log = pino({ level: config.logLevel });
  const { app, deps } = await prepareServer(config, log);
  let address = await app.listen({ port: 0, host: '127.0.0.1' });
  // fetch() refuses a few ports the OS may hand out: move to another one.
  while (!isFetchablePort(Number(new URL(address).port))) {
    await new Promise<void>((resolve, reject) => app.server.close((err) => (err ? reject(err) : resolve())));
    address = await new Promise<string>((resolve, reject) => {
      app.server.once('error', reject);
      app.server.listen(0, '127.0.0.1', () => {
        const addr = app.server.address();
        resolve(`http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`);
      });
    });
  }
  config.publicBaseUrl = address;
  return {
    kind,
    url: address,
    deps,
    app,
    config,
    close: async () => {
      await app.close();
      if (scratch && !opts.postgres) await scratch.drop();
      if (ownDir) rmSync(config.dataDir, { recursive: true, force: true });
    },
  };
}
