import { build } from 'esbuild';
import path from 'node:path';
import { FloorClient } from './floorClient.ts';
import { freePort, spawnPinned, waitForPort, type Spawned } from './spawnPinned.ts';
import type { ChatClient, OnBody, Target } from './Target.ts';
import { BUILD_DIR, workDir } from './workDir.ts';

let bundled: Promise<string> | undefined;
/** Bundles floorServer.ts once per driver process so the floor runs as plain JS (no loader in its tree). */
export function floorBundle(): Promise<string> {
  bundled ??= (async () => {
    const outfile = path.join(BUILD_DIR, 'floorServer.mjs');
    await build({
      entryPoints: [new URL('./floorServer.ts', import.meta.url).pathname],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      logLevel: 'error',
    });
    return outfile;
  })();
  return bundled;
}

/** FLOOR-ws (withDb=false) and FLOOR-ws+db (one better-sqlite3 WAL insert per message). */
export class FloorTarget implements Target {
  readonly protocol = 'floor' as const;
  readonly name: string;
  readonly durable: boolean;
  readonly notes: string[];
  private proc?: Spawned;
  private port = 0;

  constructor(private readonly withDb: boolean) {
    this.name = withDb ? 'floor+db' : 'floor';
    this.durable = withDb;
    this.notes = withDb ? ['ws 8, no auth; better-sqlite3 WAL synchronous=NORMAL, one INSERT per message'] : ['ws 8, no auth, no storage'];
  }

  async start(): Promise<void> {
    const script = await floorBundle();
    const dir = workDir(this.name);
    this.port = await freePort();
    const env = { ...process.env, FLOOR_PORT: String(this.port), ...(this.withDb ? { FLOOR_DB: path.join(dir, 'floor.db') } : {}) };
    this.proc = spawnPinned(process.execPath, [script], { env, logFile: path.join(dir, 'server.log') });
    await waitForPort(this.port, 10_000);
  }

  serverPids(): number[] {
    return this.proc ? [this.proc.pid] : [];
  }

  async prepare(): Promise<void> {}

  client(user: number, onBody: OnBody): ChatClient {
    return new FloorClient(`ws://127.0.0.1:${this.port}/`, user, onBody);
  }

  async stop(): Promise<void> {
    await this.proc?.stop();
  }
}
