import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.ts';
import type { WebClientStatus } from '../startupBanner.ts';
import { resolveWebClientDir } from './resolveWebClientDir.ts';

/** Where the web client is served from and whether it is built, for the start-up banner; null when it is off. */
export function webClientStatus(config: Config): WebClientStatus | null {
  if (!config.webClient.enabled) return null;
  const dir = resolveWebClientDir(config.webClient.path);
  return { dir, built: existsSync(join(dir, 'index.html')) };
}
