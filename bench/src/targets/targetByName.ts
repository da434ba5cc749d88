import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { EjabberdTarget } from './EjabberdTarget.ts';
import { FloorTarget } from './floorTarget.ts';
import { IrcTarget } from './IrcTarget.ts';
import { ParleyTarget, ensureParleyBuilt } from './ParleyTarget.ts';
import { ProsodyTarget } from './ProsodyTarget.ts';
import type { Target } from './Target.ts';

const run = promisify(execFile);

export const ALL_TARGETS = ['floor', 'floor+db', 'ngircd', 'inspircd', 'prosody', 'prosody+mam', 'ejabberd', 'ejabberd+mam', 'parley', 'parley-pg', 'parley-ephemeral'] as const;
/** Targets a scenario runs when --targets is not given. */
export const DEFAULT_TARGETS: readonly string[] = ['floor', 'floor+db', 'ngircd', 'inspircd', 'prosody', 'prosody+mam', 'parley'];

const BINARIES: Record<string, string> = {
  ngircd: '/usr/sbin/ngircd',
  inspircd: '/usr/sbin/inspircd',
  prosody: '/usr/bin/prosody',
  'prosody+mam': '/usr/bin/prosody',
  ejabberd: '/usr/sbin/ejabberdctl',
  'ejabberd+mam': '/usr/sbin/ejabberdctl',
};

let setupRan = false;

/** Why a target cannot run here, or undefined when it can. Runs bench/setup.sh once if a peer is missing. */
export async function targetMissing(name: string): Promise<string | undefined> {
  if (!(ALL_TARGETS as readonly string[]).includes(name)) return `unknown target (known: ${ALL_TARGETS.join(', ')})`;
  if (name.startsWith('parley')) return ensureParleyBuilt();
  const bin = BINARIES[name];
  if (bin && !existsSync(bin)) {
    if (!setupRan && !process.env.PARLEY_BENCH_NO_SETUP) {
      setupRan = true;
      try {
        await run('bash', [new URL('../../setup.sh', import.meta.url).pathname], { maxBuffer: 1 << 24 });
      } catch (e) {
        return `bench/setup.sh failed: ${(e as Error).message.split('\n')[0]}`;
      }
    }
    if (!existsSync(bin)) return `${bin} not installed (bench/setup.sh)`;
  }
  return undefined;
}

export function makeTarget(name: string): Target {
  switch (name) {
    case 'floor':
      return new FloorTarget(false);
    case 'floor+db':
      return new FloorTarget(true);
    case 'ngircd':
    case 'inspircd':
      return new IrcTarget(name);
    case 'prosody':
      return new ProsodyTarget(false);
    case 'prosody+mam':
      return new ProsodyTarget(true);
    case 'ejabberd':
      return new EjabberdTarget(false);
    case 'ejabberd+mam':
      return new EjabberdTarget(true);
    case 'parley':
      return new ParleyTarget('sqlite');
    case 'parley-pg':
      return new ParleyTarget('pg');
    case 'parley-ephemeral':
      return new ParleyTarget('ephemeral');
    default:
      throw new Error(`unknown target ${name}`);
  }
}
