#!/usr/bin/env node
// The `parley` command (dist/cli.js): runs the server bundle (dist/server.cjs, built from
// cli.ts) through V8's code cache, so a start does not parse and compile it from scratch.
import { fileURLToPath } from 'node:url';
import { runBundleWithCodeCache } from './runBundleWithCodeCache.ts';

runBundleWithCodeCache(fileURLToPath(new URL('./server.cjs', import.meta.url)));
