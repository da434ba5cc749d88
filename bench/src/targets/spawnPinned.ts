import { spawn, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import net from 'node:net';
import { sleep } from '../core/sleep.ts';
import { serverNofileLimit } from '../measure/limits.ts';

/** Core the systems under test run on; the driver pins itself to the other one. */
export const SERVER_CORE = 0;
export const DRIVER_CORE = 1;

export interface Spawned {
  child: ChildProcess;
  pid: number;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

const live = new Set<Spawned>();

/** Kills every server this driver started and has not stopped yet (on SIGINT/SIGTERM). */
export function killAllSpawned(): void {
  for (const s of live) {
    try {
      process.kill(-s.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  live.clear();
}

/**
 * Starts `cmd` pinned to the server core, its output appended to `logFile`, in its own process
 * group, with RLIMIT_NOFILE raised (soft and hard) to serverNofileLimit(): `prlimit` and
 * `taskset` both exec, so the child's pid is the server's.
 */
export function spawnPinned(cmd: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; logFile: string }): Spawned {
  const fd = openSync(opts.logFile, 'a');
  const nofile = serverNofileLimit();
  const child = spawn('prlimit', [`--nofile=${nofile}:${nofile}`, 'taskset', '-c', String(SERVER_CORE), cmd, ...args], {
    env: opts.env ?? process.env,
    cwd: opts.cwd,
    stdio: ['ignore', fd, fd],
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      return;
    }
    const done = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
    if (!done) {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* gone */
      }
      await exited;
    }
  };
  const spawned: Spawned = { child, pid: child.pid!, exited, stop };
  live.add(spawned);
  void exited.then(() => live.delete(spawned));
  return spawned;
}

/** Resolves once a TCP connection to host:port succeeds; rejects after timeoutMs. */
export async function waitForPort(port: number, timeoutMs: number, host = '127.0.0.1', everyMs = 5): Promise<void> {
  const end = performance.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect({ port, host });
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (performance.now() > end) throw new Error(`port ${port} did not open within ${timeoutMs} ms`);
    await sleep(everyMs);
  }
}

let nextPort = 20000 + Math.floor(Math.random() * 20000);
/** A free-looking high port on loopback (checked by binding). */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = nextPort++;
    const free = await new Promise<boolean>((resolve) => {
      const srv = net.createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
}
