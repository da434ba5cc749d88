import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { SOURCE_ADDRESS_RANGE } from '../core/sourceAddress.ts';
import { applySysctls, NOFILE_WANTED, readNofile, serverNofileLimit, type Nofile, type SysctlState } from './limits.ts';

export interface MachineInfo {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  kernel: string;
  node: string;
  governor: string;
  gitSha: string;
  hypervisor: string;
  /** Connection-scaling settings in effect for the run (bench-design §11.2) and which took effect. */
  limits: {
    nofileWanted: number;
    driverNofile: Nofile;
    /** What every spawned server got through `prlimit --nofile=N:N`. */
    serverNofile: number;
    sysctls: Record<string, SysctlState>;
    clientSourceAddresses: string;
  };
}

const run = (cmd: string, args: string[]): string => {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return '';
  }
};

export function machineInfo(): MachineInfo {
  const lscpu = run('lscpu', []);
  const field = (name: string): string => new RegExp(`^${name}:\\s+(.*)$`, 'm').exec(lscpu)?.[1]?.trim() ?? '';
  let governor = 'not exposed';
  try {
    governor = readFileSync('/sys/devices/system/cpu/cpu0/cpufreq/scaling_governor', 'utf8').trim();
  } catch {
    /* VMs often have no cpufreq */
  }
  return {
    nproc: os.cpus().length,
    cpuModel: field('Model name') || (os.cpus()[0]?.model ?? 'unknown'),
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    kernel: os.release(),
    node: process.version,
    governor,
    gitSha: run('git', ['-C', new URL('../../..', import.meta.url).pathname, 'rev-parse', '--short', 'HEAD']) || 'unknown',
    hypervisor: field('Hypervisor vendor') || 'none',
    limits: {
      nofileWanted: NOFILE_WANTED,
      driverNofile: readNofile(),
      serverNofile: serverNofileLimit(),
      sysctls: applySysctls(),
      clientSourceAddresses: SOURCE_ADDRESS_RANGE,
    },
  };
}
