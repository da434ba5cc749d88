import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { mapLimit } from '../core/mapLimit.ts';
import type { RoomId } from '@parley/protocol';
import type { Topology } from '../core/topology.ts';
import { MatrixApi, type Session } from './MatrixApi.ts';
import { MatrixClient } from './MatrixClient.ts';
import { freePort, SERVER_CORE, spawnPinned, waitForPort, type Spawned } from './spawnPinned.ts';
import type { ChatClient, OnBody, Target } from './Target.ts';
import { workDir } from './workDir.ts';

const run = promisify(execFile);
export const REPO_ROOT = new URL('../../../', import.meta.url).pathname;
export const PARLEY_CLI = path.join(REPO_ROOT, 'apps/server/dist/cli.js');
/** The server bundle the CLI runs: what a prepared dataset's cache key hashes (cli.js is only the loader). */
export const PARLEY_BUNDLE = path.join(REPO_ROOT, 'apps/server/dist/server.cjs');

export type ParleyStorage = 'sqlite' | 'pg' | 'ephemeral';

/** Every user of a topology prepared in-process on SQLite has this password. */
export const BENCH_PASSWORD = 'bench-password-1';

let built: Promise<string | undefined> | undefined;

function newestMtime(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return readdirSync(p).reduce((m, name) => Math.max(m, newestMtime(path.join(p, name))), st.mtimeMs);
}

/**
 * Builds apps/server/dist/cli.js when it is missing or older than its sources (as the tests
 * do; PARLEY_BENCH_NO_BUILD=1 never builds). Returns why Parley can't run, if so.
 */
export function ensureParleyBuilt(): Promise<string | undefined> {
  built ??= (async () => {
    const sources = ['apps/server/src', 'packages/protocol/src', 'apps/server/build.mjs'].map((p) => path.join(REPO_ROOT, p)).filter((p) => existsSync(p));
    const stale = !existsSync(PARLEY_CLI) || (sources.length > 0 && statSync(PARLEY_CLI).mtimeMs < Math.max(...sources.map(newestMtime)));
    if (stale && !process.env.PARLEY_BENCH_NO_BUILD && existsSync(path.join(REPO_ROOT, 'apps/server/build.mjs'))) {
      try {
        await run(process.execPath, ['build.mjs'], { cwd: path.join(REPO_ROOT, 'apps/server'), maxBuffer: 1 << 24 });
      } catch (e) {
        if (!existsSync(PARLEY_CLI)) return `not built: apps/server build failed: ${(e as Error).message.split('\n').slice(0, 3).join(' ')}`;
      }
    }
    return existsSync(PARLEY_CLI) ? undefined : 'not built (apps/server/dist/cli.js missing; run npm run build)';
  })();
  return built;
}

/** PIDs of PostgreSQL backends serving `db` (their cmdline names the database). */
export function pgBackends(db: string): number[] {
  const out: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8');
      if (cmd.startsWith('postgres:') && cmd.includes(` ${db} `)) out.push(Number(name));
    } catch {
      /* gone */
    }
  }
  return out;
}

/** A short stable hash of the membership lists, so a cached dataset matches its topology. */
function hashTopology(topo: Topology): string {
  let h = 2166136261;
  for (const m of topo.members) for (const u of m) h = Math.imul(h ^ (u + 1), 16777619) >>> 0;
  return h.toString(36);
}

/** Parley's environment for benches: rate limits and the per-address connection cap off (every client is on loopback), warn-level logs, localhost server name. */
export function parleyEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { ...process.env, PARLEY_RATE_LIMITS_ENABLED: 'false', PARLEY_MAX_CONNECTIONS_PER_IP: '0', PARLEY_SERVER_NAME: 'localhost', PARLEY_LOG_LEVEL: 'warn', ...extra };
}

/** Parley (built dist/cli.js), SQLite data dir, in-memory, or PostgreSQL. */
export class ParleyTarget implements Target {
  readonly protocol = 'matrix' as const;
  readonly name: string;
  readonly durable: boolean;
  readonly notes: string[];
  private proc?: Spawned;
  port = 0;
  dir = '';
  /** The SQLite data dir the server runs on. */
  dataDir = '';
  api?: MatrixApi;
  sessions: Session[] = [];
  roomIds: string[] = [];
  private pgDb = '';

  constructor(readonly storage: ParleyStorage) {
    this.name = storage === 'sqlite' ? 'parley' : `parley-${storage}`;
    this.durable = storage !== 'ephemeral';
    this.notes = [
      `Parley dist/cli.js on Node ${process.version}, ${storage === 'sqlite' ? 'SQLite data dir' : storage === 'pg' ? "PostgreSQL 15 (system cluster; only this database's backends counted, pinned to the server core)" : '--ephemeral (in-memory)'}; PARLEY_RATE_LIMITS_ENABLED=false, PARLEY_LOG_LEVEL=warn; /sync long-poll per user`,
    ];
  }

  /** Arguments and env to start the server; cold-start reuses these. */
  async launchSpec(dataDir?: string): Promise<{ args: string[]; env: NodeJS.ProcessEnv }> {
    // PARLEY_BENCH_CPU_PROF=<dir>: profile the server (NODE_OPTIONS refuses --cpu-prof); the profile is written when it stops.
    const profile = process.env.PARLEY_BENCH_CPU_PROF;
    const args = [...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []), PARLEY_CLI, 'start', '--port', String(this.port)];
    if (this.storage === 'sqlite') args.push('--data-dir', dataDir ?? path.join(this.dir, 'data'));
    if (this.storage === 'ephemeral') args.push('--ephemeral');
    const env = parleyEnv(this.storage === 'pg' ? { PARLEY_DATABASE_URL: `postgres://postgres@127.0.0.1:5432/${this.pgDb}` } : {});
    return { args, env };
  }

  async start(dataDir?: string): Promise<void> {
    this.dir = workDir(this.name);
    this.dataDir = dataDir ?? path.join(this.dir, 'data');
    this.port = await freePort();
    if (this.storage === 'pg' && !this.pgDb) {
      this.pgDb = `parley_bench_${process.pid}_${Date.now() % 100000}`;
      await run('createdb', ['-h', '127.0.0.1', '-U', 'postgres', this.pgDb]);
    }
    const { args, env } = await this.launchSpec(dataDir);
    this.proc = spawnPinned(process.execPath, args, { env, cwd: this.dir, logFile: path.join(this.dir, 'server.log') });
    const died = this.proc.exited.then((code) => {
      throw new Error(`parley exited with ${code}: ${readFileSync(path.join(this.dir, 'server.log'), 'utf8').slice(-2000)}`);
    });
    await Promise.race([waitForPort(this.port, 30_000), died]);
    void died.catch(() => undefined);
    this.api = new MatrixApi(`http://127.0.0.1:${this.port}`);
  }

  serverPids(): number[] {
    if (!this.proc) return [];
    if (this.storage !== 'pg') return [this.proc.pid];
    const backends = pgBackends(this.pgDb);
    for (const pid of backends) void run('taskset', ['-cp', String(SERVER_CORE), String(pid)]).catch(() => undefined);
    return [this.proc.pid, ...backends];
  }

  /**
   * Registers users, creates rooms (the first member of each creates it), joins the other
   * members. SQLite: written in-process by the bulk writer (the server's own actions on its
   * data dir, one shared password hashed once: BENCH_PASSWORD) while the server is stopped;
   * the prepared data dir and tokens are cached per topology under
   * $TMPDIR/parley-bench/prepared/ and copied for later runs (PARLEY_BENCH_NO_CACHE=1 to
   * skip). PostgreSQL: over HTTP (argon2 per user).
   */
  async prepare(topo: Topology): Promise<void> {
    const useCache = this.storage === 'sqlite' && !process.env.PARLEY_BENCH_NO_CACHE;
    // Keyed by topology and by the server bundle, so a dataset from another build (other migrations) is never reused.
    const build = createHash('sha256').update(readFileSync(PARLEY_BUNDLE)).digest('hex').slice(0, 12);
    const key = `u${topo.users}-r${topo.rooms}-h${hashTopology(topo)}-b${build}`;
    const cache = path.join(os.tmpdir(), 'parley-bench', 'prepared', key);
    if (useCache && existsSync(path.join(cache, 'sessions.json'))) {
      const saved = JSON.parse(readFileSync(path.join(cache, 'sessions.json'), 'utf8')) as { sessions: Session[]; roomIds: string[] };
      await this.restartOn(path.join(cache, 'data'));
      this.sessions = saved.sessions;
      this.roomIds = saved.roomIds;
      return;
    }
    if (this.storage === 'sqlite') await this.prepareInProcess(topo);
    else await this.prepareOverHttp(topo);
    if (useCache) {
      await this.api?.close().catch(() => undefined);
      await this.proc?.stop();
      rmSync(cache, { recursive: true, force: true });
      mkdirSync(cache, { recursive: true });
      cpSync(this.dataDir, path.join(cache, 'data'), { recursive: true });
      writeFileSync(path.join(cache, 'sessions.json'), JSON.stringify({ sessions: this.sessions, roomIds: this.roomIds }));
      await this.restartOn(path.join(cache, 'data'));
    } else if (this.storage === 'sqlite') {
      await this.start(this.dataDir);
    }
  }

  /** Stops the server and writes the topology into its data dir with the bulk writer. */
  private async prepareInProcess(topo: Topology): Promise<void> {
    await this.api?.close().catch(() => undefined);
    await this.proc?.stop();
    // Loaded here: it brings in the server's code, which most bench runs never need.
    const { BulkWriter } = await import('../seed/BulkWriter.ts');
    const writer = await BulkWriter.open({ dataDir: this.dataDir });
    try {
      this.sessions = await writer.registerUsers(
        Array.from({ length: topo.users }, (_, u) => `u${u}`),
        BENCH_PASSWORD,
      );
      const auths: Array<Awaited<ReturnType<typeof writer.auth>>> = [];
      for (const s of this.sessions) auths.push(await writer.auth(s));
      this.roomIds = await writer.createRooms(topo.members.map((m) => auths[m[0]!]!));
      const joins: Array<readonly [(typeof auths)[number], RoomId]> = [];
      topo.members.forEach((m, r) => m.slice(1).forEach((u) => joins.push([auths[u]!, this.roomIds[r]! as RoomId])));
      await writer.joinAll(joins);
    } finally {
      await writer.close();
    }
  }

  /** Registers users (concurrently: argon2 per user), creates rooms and joins members over the API. */
  private async prepareOverHttp(topo: Topology): Promise<void> {
    const api = this.api!;
    this.sessions = await mapLimit(
      Array.from({ length: topo.users }, (_, u) => u),
      16,
      (u) => api.register(`u${u}`, `pw-${u}-bench`),
    );
    this.roomIds = await mapLimit(topo.members, 16, (m) => api.createRoom(this.sessions[m[0]!]!.accessToken));
    const joins: [number, number][] = [];
    topo.members.forEach((m, r) => m.slice(1).forEach((u) => joins.push([u, r])));
    await mapLimit(joins, 32, ([u, r]) => api.join(this.sessions[u]!.accessToken, this.roomIds[r]!));
  }

  /** Stops the server and starts it again on a private copy of `source`. */
  private async restartOn(source: string): Promise<void> {
    await this.api?.close().catch(() => undefined);
    await this.proc?.stop();
    const dir = this.dir;
    const copy = path.join(dir, 'data-run');
    rmSync(copy, { recursive: true, force: true });
    cpSync(source, copy, { recursive: true });
    await this.start(copy);
  }

  client(user: number, onBody: OnBody): ChatClient {
    return new MatrixClient(
      () => this.api!,
      () => this.sessions[user]!,
      () => this.roomIds,
      user,
      onBody,
    );
  }

  async stop(): Promise<void> {
    await this.api?.close().catch(() => undefined);
    await this.proc?.stop();
    if (this.pgDb) {
      await run('dropdb', ['-h', '127.0.0.1', '-U', 'postgres', '--if-exists', this.pgDb]).catch(() => undefined);
      this.pgDb = '';
    }
  }
}
