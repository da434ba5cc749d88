import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** The open-files limit the design asks for (bench-design §11.2), for the driver and every server. */
export const NOFILE_WANTED = 1_048_576;

export interface Nofile {
  soft: number;
  hard: number;
}

/** RLIMIT_NOFILE of a process, from /proc/<pid>/limits ("unlimited" reads as Infinity). */
export function readNofile(pid: number | 'self' = 'self'): Nofile {
  const m = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
  const n = (s: string | undefined): number => (s === 'unlimited' ? Infinity : Number(s));
  return { soft: n(m?.[1]), hard: n(m?.[2]) };
}

let serverNofile: number | undefined;

/**
 * The nofile value every spawned server gets (through `prlimit --nofile=N:N`): NOFILE_WANTED
 * when this process may raise its hard limit that far (root with CAP_SYS_RESOURCE), else
 * the current hard limit (soft raised to hard).
 */
export function serverNofileLimit(): number {
  if (serverNofile === undefined) {
    try {
      execFileSync('prlimit', [`--nofile=${NOFILE_WANTED}:${NOFILE_WANTED}`, 'true'], { stdio: 'ignore' });
      serverNofile = NOFILE_WANTED;
    } catch {
      serverNofile = readNofile().hard;
    }
  }
  return serverNofile;
}

/** The kernel settings bench-design §11.2 asks for, as procfs paths and wanted values. */
export const SYSCTLS: Record<string, string> = {
  'net.core.somaxconn': '65535',
  'net.ipv4.ip_local_port_range': '1024 65535',
  'net.ipv4.tcp_tw_reuse': '1',
};

export interface SysctlState {
  wanted: string;
  /** Value before the bench touched it. */
  before: string;
  /** Value in effect for the run. */
  now: string;
  tookEffect: boolean;
  /** Why writing failed, when it did. */
  error?: string;
}

const procPath = (name: string): string => `/proc/sys/${name.replace(/\./g, '/')}`;
const readSysctl = (name: string): string => {
  try {
    return readFileSync(procPath(name), 'utf8').trim().split(/\s+/).join(' ');
  } catch (e) {
    return `unreadable: ${(e as Error).message}`;
  }
};

let applied: Record<string, SysctlState> | undefined;

/**
 * Tries once per driver process to set SYSCTLS (PARLEY_BENCH_NO_SYSCTL=1 only reads them)
 * and records, per setting, whether the wanted value is in effect.
 */
export function applySysctls(): Record<string, SysctlState> {
  if (applied) return applied;
  applied = {};
  for (const [name, wanted] of Object.entries(SYSCTLS)) {
    const before = readSysctl(name);
    let error: string | undefined;
    if (before !== wanted && !process.env.PARLEY_BENCH_NO_SYSCTL) {
      try {
        writeFileSync(procPath(name), wanted);
      } catch (e) {
        error = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      }
    }
    const now = readSysctl(name);
    applied[name] = { wanted, before, now, tookEffect: now === wanted, ...(error ? { error } : {}) };
  }
  return applied;
}
