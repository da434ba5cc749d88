// Bundles the server, the protocol package and their pure-JS dependencies into
// dist/cli.js: one file to load keeps cold start short. Native addons stay external.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  minify: true,
  keepNames: true,
  // pg and ioredis load on demand (PostgreSQL mode, several nodes).
  external: ['better-sqlite3', '@node-rs/argon2', 'pg-native', 'pg', 'ioredis'],
  alias: { '@parley/protocol': '../../packages/protocol/src/index.ts' },
  // CommonJS dependencies call require(); give the ESM bundle one.
  banner: { js: "import { createRequire as __parleyCreateRequire } from 'node:module'; const require = __parleyCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
