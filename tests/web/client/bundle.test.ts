// The bundle budget (issue 11): the JavaScript a first visit loads is at most 250 KB gzip, and neither
// matrix-js-sdk's crypto nor highlight.js is in it. "Initial" is what index.html's <script> and modulepreload tags
// name plus everything those files import statically (the browser fetches that before the page runs); dynamic
// import() targets are lazy.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureWebBuild } from '../support/webClient.ts';

const BUDGET = 250 * 1024;

describe('the web client’s bundle budget', () => {
  let dist: string;
  let initial: string[];
  const read = (file: string): string => readFileSync(join(dist, file), 'utf8');

  before(async () => {
    dist = await ensureWebBuild();
    const html = read('index.html');
    const tags = [...html.matchAll(/<script[^>]*\bsrc="\/?(assets\/[^"]+\.js)"|<link[^>]*rel="modulepreload"[^>]*href="\/?(assets\/[^"]+\.js)"/g)].map((m) => (m[1] ?? m[2])!);
    assert.ok(tags.length > 0, 'index.html names its entry script');
    // The static import closure: `import ... from "./x.js"` and `import "./x.js"`, never `import("./x.js")`.
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      for (const m of read(file).matchAll(/(?:\bfrom\s*|\bimport\s*)["'`]\.\/([^"'`]+\.js)["'`]/g)) visit(`assets/${m[1]}`);
    };
    tags.forEach(visit);
    initial = [...seen];
  });

  test('the initial JavaScript is at most 250 KB gzip, and the build prints the figure', () => {
    const bytes = initial.reduce((sum, f) => sum + gzipSync(readFileSync(join(dist, f))).length, 0);
    assert.ok(bytes <= BUDGET, `initial JS is ${(bytes / 1024).toFixed(1)} KB gzip (${initial.join(', ')}), over the 250 KB budget`);
    const printed = execFileSync(process.execPath, ['apps/web/scripts/bundleSize.mjs'], { encoding: 'utf8' });
    const m = /initial JS: ([\d.]+) KB gzip/.exec(printed);
    assert.ok(m, printed);
    assert.ok(Number(m[1]) * 1024 <= BUDGET, printed);
  });

  test('matrix-js-sdk, its crypto and highlight.js are not in the initial JavaScript; they exist as lazy chunks', () => {
    const text = initial.map(read).join('\n');
    // Marks of each: the Rust crypto's wasm-bindgen glue and OlmMachine, highlight.js's registerLanguage and
    // hljs class prefix, the SDK's sync loop.
    for (const [what, mark] of [
      ['the crypto (matrix-sdk-crypto-wasm)', /OlmMachine|matrix_sdk_crypto_wasm/],
      ['highlight.js', /registerLanguage|hljs-/],
      ['matrix-js-sdk', /SyncApi|MatrixClient/],
    ] as const) {
      assert.doesNotMatch(text, mark, `${what} is in the initial JavaScript`);
    }
    const lazy = readdirSync(join(dist, 'assets'))
      .filter((f) => f.endsWith('.js') && !initial.includes(`assets/${f}`))
      .map((f) => read(`assets/${f}`))
      .join('\n');
    assert.match(lazy, /OlmMachine/, 'the crypto is a lazy chunk');
    assert.match(lazy, /registerLanguage/, 'highlight.js is a lazy chunk');
  });
});
