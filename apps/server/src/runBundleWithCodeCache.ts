import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import vm from 'node:vm';

/**
 * Runs the CommonJS server bundle through V8's code cache. Parsing and compiling the
 * bundle was over a third of start-up (cold start profile); with the cache V8 skips most
 * of it. The cache lives next to the bundle: written a moment after a start that had none
 * (so it also covers the functions start-up compiled), and rewritten when V8 rejects it
 * (a new build, another Node version or other V8 flags). A failed write only costs speed.
 */
export function runBundleWithCodeCache(bundlePath: string, cachePath = `${bundlePath}.v8cache`): void {
  const text = readFileSync(bundlePath, 'utf8');
  // A hashbang line is only valid at the very start of a file: comment it out inside the wrapper.
  const source = text.startsWith('#!') ? `//${text}` : text;
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cachePath);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, {
    filename: bundlePath,
    ...(cachedData ? { cachedData } : {}),
  });
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  const mod = { exports: {} };
  wrapper.call(mod.exports, mod.exports, createRequire(bundlePath), mod, bundlePath, dirname(bundlePath));
  if (process.env.PARLEY_CODE_CACHE_DEBUG) process.stderr.write(`code cache: ${cachedData ? (script.cachedDataRejected ? 'rejected' : 'used') : 'none'}\n`);
  if (cachedData === undefined || script.cachedDataRejected === true) {
    setTimeout(() => {
      try {
        const tmp = `${cachePath}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cachePath);
      } catch {
        // Read-only install: start without the cache.
      }
    }, 1000).unref();
  }
}
