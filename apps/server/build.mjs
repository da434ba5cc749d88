// Bundles the server (and the protocol package) into dist/cli.js; native and large deps stay external.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli.ts'],
  outfile: 'dist/cli.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  sourcemap: true,
  packages: 'external',
  alias: { '@parley/protocol': '../../packages/protocol/src/index.ts' },
  logLevel: 'warning',
});
