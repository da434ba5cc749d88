// Vite builds the client into dist/ (served by Parley at /). `preview.proxy` is for local manual checks only:
// it forwards the homeserver's paths to a Parley started with --port 8990 so the client runs on one origin.
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

const homeserver = process.env.PARLEY_DEV_HOMESERVER ?? 'http://localhost:8990';
const proxy = { '/_matrix': homeserver, '/_parley': homeserver };

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false, target: 'es2022' },
  server: { proxy },
  preview: { proxy },
  test: { include: ['test/**/*.test.ts'], environment: 'node' },
});
