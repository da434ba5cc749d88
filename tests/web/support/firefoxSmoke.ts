import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's Firefox ESR (`apt-get install firefox-esr`; .ci/run installs it). */
export const FIREFOX_PATH = '/usr/bin/firefox-esr';

/**
 * Preferences of the fresh profile: no first-run pages, no updates, telemetry, safe browsing,
 * captive-portal or connectivity checks, remote settings or prefetching, so the browser makes
 * no request beyond loopback; any other destination goes to a proxy on 127.0.0.1:9 (nothing
 * listens there) while localhost bypasses it.
 */
const PREFS: Record<string, string | number | boolean> = {
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.homepage_override.mstone': 'ignore',
  'browser.aboutwelcome.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'app.update.enabled': false,
  'app.update.auto': false,
  'app.normandy.enabled': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.http.speculative-parallel-limit': 0,
  'services.settings.server': 'http://127.0.0.1:9/',
  'browser.newtabpage.activity-stream.feeds.system.topsites': false,
  'browser.region.network.url': '',
  'browser.search.geoip.url': '',
  'network.proxy.type': 1,
  'network.proxy.http': '127.0.0.1',
  'network.proxy.http_port': 9,
  'network.proxy.ssl': '127.0.0.1',
  'network.proxy.ssl_port': 9,
  'network.proxy.no_proxies_on': 'localhost, 127.0.0.1',
};

export interface FirefoxSmokeOptions {
  /** Window size of the screenshot, in CSS pixels. */
  width?: number;
  height?: number;
  /** Longest the browser may take; it is killed past it and the call rejects. */
  timeoutMs?: number;
}

/**
 * Opens `url` in headless Firefox ESR with a fresh profile (`--screenshot`) and resolves with
 * the path of the PNG it wrote, so a test exercises a second engine (Gecko) on a page served
 * by Parley. The PNG lives in a temporary folder that the caller may remove; the profile is removed here.
 */
export async function firefoxSmoke(url: string, opts: FirefoxSmokeOptions = {}): Promise<string> {
  const { width = 1280, height = 800, timeoutMs = 60_000 } = opts;
  const profile = mkdtempSync(join(tmpdir(), 'parley-firefox-profile-'));
  const outDir = mkdtempSync(join(tmpdir(), 'parley-firefox-shot-'));
  const png = join(outDir, 'screenshot.png');
  writeFileSync(
    join(profile, 'user.js'),
    Object.entries(PREFS)
      .map(([k, v]) => `user_pref(${JSON.stringify(k)}, ${JSON.stringify(v)});\n`)
      .join(''),
  );
  try {
    const output = await new Promise<string>((resolve, reject) => {
      const child = spawn(FIREFOX_PATH, ['--headless', '--no-remote', '--profile', profile, `--window-size=${width},${height}`, '--screenshot', png, url], {
        env: { ...process.env, MOZ_HEADLESS: '1', HOME: profile },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let text = '';
      child.stdout.on('data', (c: Buffer) => (text = (text + c.toString()).slice(-4000)));
      child.stderr.on('data', (c: Buffer) => (text = (text + c.toString()).slice(-4000)));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`firefoxSmoke: firefox-esr did not finish within ${timeoutMs} ms:\n${text}`));
      }, timeoutMs);
      child.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        if (code === 0) resolve(text);
        else reject(new Error(`firefoxSmoke: firefox-esr exited with ${code}:\n${text}`));
      });
    });
    if (!existsSync(png) || statSync(png).size === 0) throw new Error(`firefoxSmoke: no screenshot written for ${url}:\n${output}`);
    return png;
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}
