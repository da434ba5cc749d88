import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it): never a downloaded browser. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** The flags every browser test runs Chromium with (helpers/RULES.md): no sandbox (containers), no GPU, no traffic of its own. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Headless Chromium through playwright-core. Close it in an after() hook. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_FLAGS });
}

/**
 * Why browser tests cannot run here, for `describe(..., { skip })`: only when Chromium is
 * missing and this is not CI. Under CI=true nothing is skipped, so a missing browser fails.
 */
export function chromiumSkipReason(): string | undefined {
  if (existsSync(CHROMIUM_PATH) || process.env.CI === 'true') return undefined;
  return `${CHROMIUM_PATH} is missing (apt-get install chromium); browser tests are skipped outside CI`;
}
