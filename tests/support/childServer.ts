import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isFetchablePort } from './fetchablePort.ts';

/** The repository root, from this file's place in tests/support. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ChildServer {
  url: string;
  pid: number;
  /** Resolves with the exit code or signal once the process is gone. */
  exited: Promise<string>;
  /** Sends a signal (SIGKILL for a crash, SIGTERM for a clean stop) and waits for the exit. */
  kill(signal: NodeJS.Signals): Promise<string>;
}

export interface ChildServerOptions {
  /** SQLite data folder; ignored when databaseUrl is set. */
  dataDir: string;
  /** postgres://... selects PostgreSQL. */
  databaseUrl?: string;
}

const CLI_BUNDLE = join(REPO_ROOT, 'apps/server/dist/cli.js');
const SOURCES = [join(REPO_ROOT, 'apps/server/src'), join(REPO_ROOT, 'packages/protocol/src'), join(REPO_ROOT, 'apps/server/build.mjs')];

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(path).reduce((m, name) => Math.max(m, newestMtime(join(path, name))), st.mtimeMs);
}

/** Builds apps/server/dist/cli.js (npm run build) when it is missing or older than any source file. */
export function ensureCliBuilt(): string {
  const stale = !existsSync(CLI_BUNDLE) || statSync(CLI_BUNDLE).mtimeMs < Math.max(...SOURCES.map(newestMtime));
  if (stale) {
    const res = spawnSync(process.execPath, ['build.mjs'], { cwd: join(REPO_ROOT, 'apps/server'), encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`building the server failed:\n${res.stderr}${res.stdout}`);
  }
  return CLI_BUNDLE;
}

async function freePort(): Promise<number> {
  for (;;) {
    const port = await anyFreePort();
    if (isFetchablePort(port)) return port;
  }
}

async function anyFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts the real CLI bundle (`parley start`, built first when stale) as a separate process
 * and waits until it answers.
 */
export async function startChildServer(opts: ChildServerOptions): Promise<ChildServer> {
  // Another test file may be rebuilding dist/cli.js right now (it is not written atomically):
  // a start that dies before answering is retried on the finished bundle.
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnChildServer(opts, ensureCliBuilt());
    } catch (err) {
      if (attempt >= 3 || !(err instanceof ExitedEarly)) throw err;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

class ExitedEarly extends Error {}

async function spawnChildServer(opts: ChildServerOptions, cli: string): Promise<ChildServer> {
  const port = await freePort();
  const configPath = join(opts.dataDir, 'parley.yaml');
  writeFileSync(configPath, 'password_hash_memory_kib: 1024\n');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PARLEY_SERVER_NAME: 'localhost',
    PARLEY_BIND_ADDRESS: '127.0.0.1',
    PARLEY_RATE_LIMITS_ENABLED: 'false',
    PARLEY_LOG_LEVEL: 'warn',
    ...(opts.databaseUrl ? { PARLEY_DATABASE_URL: opts.databaseUrl } : {}),
  };
  delete env.NODE_TEST_CONTEXT;
  const child: ChildProcess = spawn(process.execPath, [cli, 'start', '--config', configPath, '--port', String(port), '--data-dir', opts.dataDir], {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let gone = false;
  const exited = new Promise<string>((resolve) => {
    child.once('exit', (code, signal) => {
      gone = true;
      resolve(signal ?? String(code));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  // Readiness: poll /versions until it answers (bounded by attempts, not by a timed assertion).
  for (let attempt = 0; ; attempt++) {
    if (gone) throw new ExitedEarly(`parley exited before answering:\n${output}`);
    try {
      const res = await fetch(`${url}/_matrix/client/versions`);
      if (res.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (attempt > 600) {
      child.kill('SIGKILL');
      throw new Error(`parley did not answer on ${url}:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    pid: child.pid!,
    exited,
    kill: async (signal) => {
      if (!gone) child.kill(signal);
      return exited;
    },
  };
}
