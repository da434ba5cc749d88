import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

/** The built CLI bundle, as `npm start` runs it. */
export const REPO_ROOT = resolve(import.meta.dirname, '..', '..');
export const CLI = resolve(REPO_ROOT, 'apps', 'server', 'dist', 'cli.js');

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `parley ARGS` to completion. `env` is added to a clean environment (no inherited PARLEY_*). */
export function runCli(args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<CliResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: opts.cwd, env: cliEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.once('error', reject);
    child.once('close', (status) => resolveRun({ status, stdout, stderr }));
  });
}

function cliEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('PARLEY_') && k !== 'NODE_ENV') env[k] = v;
  return { ...env, PARLEY_BIND_ADDRESS: '127.0.0.1', ...extra };
}

/** A port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => resolvePort(port));
    });
  });
}

export interface RunningCli {
  child: ChildProcess;
  /** The first log line with msg "parley listening". */
  listening: Record<string, unknown>;
  /** Every stdout line so far (JSON log lines). */
  lines: string[];
  /** Everything written to stderr so far (the start-up banner). */
  stderr(): string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** The start-up banner's last words (apps/server/src/startupBanner.ts). */
const BANNER_END = 'Logs follow as JSON lines on stdout.';

/** Starts `parley start ARGS` and resolves once it logs that it is listening and has printed its banner. */
export function startCli(args: string[], opts: { cwd: string; env?: Record<string, string> }): Promise<RunningCli> {
  const child = spawn(process.execPath, [CLI, 'start', ...args], { cwd: opts.cwd, env: cliEnv(opts.env), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let stderr = '';
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const stop = async (): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolveStart, reject) => {
    let buffer = '';
    // Guards against a hang only; the tests assert nothing about time.
    const guard = setTimeout(() => {
      void stop();
      reject(new Error(`parley start did not report listening; stdout:\n${lines.join('\n')}\nstderr:\n${stderr}`));
    }, 120_000);
    let listening: Record<string, unknown> | undefined;
    // The banner goes to stderr before the "listening" line goes to stdout, but the two pipes are
    // read separately: resolve once both have arrived, so stderr() always holds the whole banner.
    const resolveWhenBoth = (): void => {
      if (!listening || !stderr.includes(BANNER_END)) return;
      clearTimeout(guard);
      resolveStart({ child, listening, lines, stop, stderr: () => stderr });
    };
    child.stderr!.on('data', (c: Buffer) => {
      stderr += c.toString();
      resolveWhenBoth();
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      let nl;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        lines.push(line);
        let parsed: Record<string, unknown> | undefined;
        try {
          parsed = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue;
        }
        if (parsed.msg === 'parley listening' && !listening) {
          listening = parsed;
          resolveWhenBoth();
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(guard);
      reject(new Error(`parley start exited with ${code}; stderr:\n${stderr}\nstdout:\n${lines.join('\n')}`));
    });
  });
}

/** `npm run build`, as `npm start` does before running the bundle. */
export function buildCli(): void {
  const r = spawnSync('npm', ['run', 'build'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`npm run build failed:\n${r.stdout}\n${r.stderr}`);
}
