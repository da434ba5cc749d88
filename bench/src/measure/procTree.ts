import { readFileSync, readdirSync } from 'node:fs';

const CLK_TCK = 100; // Linux USER_HZ; procfs stat times are in these ticks.

interface ProcInfo {
  pid: number;
  ppid: number;
  cpuTicks: number;
}

function readStat(pid: number): ProcInfo | undefined {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = s.slice(s.lastIndexOf(')') + 2).split(' ');
    // rest[0] = state (field 3); ppid field 4; utime 14; stime 15
    return { pid, ppid: Number(rest[1]), cpuTicks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return undefined;
  }
}

/** Every live process in the trees rooted at `roots` (roots included). */
export function procTree(roots: readonly number[]): number[] {
  const all: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const st = readStat(pid);
    if (st) all.push(st);
  }
  const children = new Map<number, number[]>();
  for (const p of all) {
    const list = children.get(p.ppid) ?? [];
    list.push(p.pid);
    children.set(p.ppid, list);
  }
  const seen = new Set<number>();
  const stack = roots.filter((r) => all.some((p) => p.pid === r));
  while (stack.length) {
    const pid = stack.pop()!;
    if (seen.has(pid)) continue;
    seen.add(pid);
    stack.push(...(children.get(pid) ?? []));
  }
  return [...seen];
}

/** CPU time (user + system) of the process trees, in microseconds. */
export function treeCpuMicros(roots: readonly number[]): number {
  let ticks = 0;
  for (const pid of procTree(roots)) ticks += readStat(pid)?.cpuTicks ?? 0;
  return (ticks * 1_000_000) / CLK_TCK;
}

/** Resident set size of the process trees, in bytes (sum of VmRSS). */
export function treeRssBytes(roots: readonly number[]): number {
  let kb = 0;
  for (const pid of procTree(roots)) {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      /* exited */
    }
  }
  return kb * 1024;
}

/** Kernel TCP memory (all sockets), bytes, from /proc/net/sockstat; not part of any RSS. */
export function kernelTcpBytes(): number {
  const m = /TCP:.* mem (\d+)/.exec(readFileSync('/proc/net/sockstat', 'utf8'));
  return m ? Number(m[1]) * 4096 : 0;
}

/** Proportional set size of the process trees, in bytes (sum of Pss from smaps_rollup). */
export function treePssBytes(roots: readonly number[]): number {
  let kb = 0;
  for (const pid of procTree(roots)) {
    try {
      const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      if (m) kb += Number(m[1]);
    } catch {
      /* exited */
    }
  }
  return kb * 1024;
}
