#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { loadConfig, type ConfigOverrides } from './config.ts';
import { startServer, prepareServer, makeLogger } from './startServer.ts';
import { openDatabase, migrateToLatest } from './storage/openDatabase.ts';
import { registerUser } from './actions/registerUser.ts';
import { startupBanner } from './startupBanner.ts';
import { webClientStatus } from './webClient/webClientStatus.ts';

/** `host:port` of the socket, with an IPv6 host in brackets. */
function hostPort(bindAddress: string, address: string | { port: number } | null): string {
  const port = address !== null && typeof address === 'object' ? address.port : 0;
  return `${bindAddress.includes(':') ? `[${bindAddress}]` : bindAddress}:${port}`;
}

const USAGE = `parley: a Matrix homeserver

  parley start [--config parley.yaml] [--port 8008] [--data-dir ./data] [--ephemeral]
  parley user create NAME [--admin] [--password PASSWORD]
  parley migrate

Environment: PARLEY_SERVER_NAME, PARLEY_PORT, PARLEY_DATA_DIR, PARLEY_DATABASE_URL (postgres://... selects PostgreSQL), see docs/configuration.md.`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      config: { type: 'string' },
      port: { type: 'string' },
      'data-dir': { type: 'string' },
      ephemeral: { type: 'boolean' },
      admin: { type: 'boolean' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const overrides: ConfigOverrides = {
    ...(values.config !== undefined ? { configPath: values.config } : {}),
    ...(values.port !== undefined ? { port: Number(values.port) } : {}),
    ...(values['data-dir'] !== undefined ? { dataDir: values['data-dir'] } : {}),
    ...(values.ephemeral ? { ephemeral: true } : {}),
  };
  const [command, sub, name] = positionals;
  if (values.help || command === undefined) {
    console.log(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  const config = loadConfig(overrides);
  if (command === 'start') {
    const server = await startServer(config);
    process.stderr.write(
      startupBanner(
        config,
        `${config.tls ? 'https' : 'http'}://${hostPort(config.bindAddress, server.app.server.address())}`,
        server.deps.database.dialect,
        webClientStatus(config),
      ),
    );
    server.deps.log.info({ url: server.url, serverName: config.serverName, database: server.deps.database.dialect, startupMs: Math.round(performance.now()) }, 'parley listening');
    const stop = async (): Promise<void> => {
      await server.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    return -1;
  }
  if (command === 'migrate') {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, ephemeral: false });
    const applied = await migrateToLatest(database);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    await database.close();
    return 0;
  }
  if (command === 'user' && sub === 'create' && name) {
    const { app, deps } = await prepareServer(config, makeLogger({ ...config, logLevel: 'warn' }));
    const password = values.password ?? null;
    const userId = await registerUser(deps, { localpart: name.replace(/^@/, '').split(':')[0]!.toLowerCase(), password, admin: values.admin === true });
    console.log(`created ${userId}${values.admin ? ' (admin)' : ''}`);
    await app.close();
    return 0;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exit(code);
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
