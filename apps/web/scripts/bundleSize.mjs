// Prints the gzip size of the initial JavaScript (the scripts and modulepreloads index.html loads), the figure
// the bundle budget (250 KB gzip) is about. Lazy chunks (the Matrix client, crypto, highlight.js) are listed apart.
import { readFileSync, readdirSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';

const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/?(assets\/[^"]+\.js)"/g)].map((m) => m[1]);
const gz = (file) => gzipSync(readFileSync(join(dist, file))).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const initialBytes = initial.reduce((sum, f) => sum + gz(f), 0);
const lazy = readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js') && !initial.includes(`assets/${f}`));
const lazyBytes = lazy.reduce((sum, f) => sum + gz(`assets/${f}`), 0);
console.log(`initial JS: ${kb(initialBytes)} gzip (${initial.length} files; budget 250 KB)`);
console.log(`lazy JS:    ${kb(lazyBytes)} gzip (${lazy.length} files)`);
if (initialBytes > 250 * 1024) {
  console.error('initial JS is over the 250 KB gzip budget');
  process.exit(1);
}
