// Bundles the server, the protocol package and their pure-JS dependencies into one
// CommonJS file, dist/server.cjs: one file to load keeps cold start short. dist/cli.js
// (src/boot.ts) runs it through V8's code cache (src/runBundleWithCodeCache.ts).
// Native addons stay external. dist/cli.js is written last: tests rebuild when it is
// older than any source.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node20', minify: true, keepNames: true, logLevel: 'warning' };

await build({
  ...common,
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/server.cjs',
  format: 'cjs',
  // import() of pg and ioredis becomes require(): a vm.Script (the code cache) has no module loader.
  supported: { 'dynamic-import': false },
  // import.meta.url (CommonJS has no import.meta) becomes the bundle's own file URL.
  define: { 'import.meta.url': 'importMetaUrl' },
  inject: ['importMetaUrlShim.mjs'],
  sourcemap: true,
  // pg and ioredis load on demand (PostgreSQL mode, several nodes); so do sharp (native, thumbnails)
  // and the AWS SDK (large, only for media.store: s3).
  external: ['better-sqlite3', '@node-rs/argon2', 'pg-native', 'pg', 'ioredis', 'sharp', '@aws-sdk/client-s3'],
  alias: { '@parley/protocol/node': '../../packages/protocol/src/node.ts', '@parley/protocol': '../../packages/protocol/src/index.ts' },
});
// The code cache of the previous build would be rejected anyway.
rmSync('dist/server.cjs.v8cache', { force: true });
await build({ ...common, entryPoints: ['src/boot.ts'], outfile: 'dist/cli.js', format: 'esm' });
