import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder of the built web client. A configured `web_client.path` is taken as written
 * (relative to the working directory, like `data_dir`). An empty one means `apps/web/dist`
 * beside this server's own install, whatever the working directory: the nearest folder above
 * this module whose package.json is `@parley/server` is `apps/server`, and the client sits in
 * `../web/dist` from there. That holds from source (apps/server/src/webClient/, tests and tsx)
 * and from the bundle (apps/server/dist/server.cjs, where build.mjs maps import.meta.url to
 * the bundle's own file).
 */
export function resolveWebClientDir(configured: string, moduleUrl: string = import.meta.url): string {
  if (configured !== '') return resolve(configured);
  const serverDir = findServerPackageDir(dirname(fileURLToPath(moduleUrl)));
  return serverDir ? join(serverDir, '..', 'web', 'dist') : resolve('apps', 'web', 'dist');
}

function findServerPackageDir(start: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && isServerPackage(manifest)) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function isServerPackage(manifest: string): boolean {
  try {
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown }).name === '@parley/server';
  } catch {
    return false;
  }
}
