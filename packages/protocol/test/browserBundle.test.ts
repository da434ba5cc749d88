/**
 * The browser-safe entry (src/index.ts) bundles for the browser without any Node built-in, and
 * runs in a bare JavaScript context (no Buffer, no process); the Node entry does not bundle.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runInNewContext } from 'node:vm';
import { build, type BuildResult } from 'esbuild';
import type * as Protocol from '../src/index.ts';

const entry = (file: string): string => fileURLToPath(new URL(`../src/${file}`, import.meta.url));

async function bundleForBrowser(file: string): Promise<{ result?: BuildResult<{ write: false }>; error?: unknown }> {
  try {
    const result = await build({ entryPoints: [entry(file)], bundle: true, platform: 'browser', format: 'iife', globalName: 'protocol', write: false, logLevel: 'silent' });
    return { result };
  } catch (error) {
    return { error };
  }
}

test('protocol: the browser-safe entry bundles for platform browser with no Node built-in', async () => {
  const { result, error } = await bundleForBrowser('index.ts');
  assert.equal(error, undefined, `bundling failed: ${String(error)}`);
  assert.ok(result);
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.warnings, []);
  const code = result.outputFiles[0]!.text;
  assert.ok(!code.includes('node:'), 'the bundle mentions a node: module');
  assert.ok(!/\brequire\(/.test(code), 'the bundle calls require()');
});

test('protocol: the browser bundle runs without Buffer (base64 falls back to atob/btoa)', async () => {
  const { result } = await bundleForBrowser('index.ts');
  const code = result!.outputFiles[0]!.text;
  const context: Record<string, unknown> = { atob, btoa, TextEncoder, TextDecoder };
  runInNewContext(`${code}; this.protocol = protocol;`, context);
  const p = context['protocol'] as typeof Protocol;
  assert.equal(typeof (context as { Buffer?: unknown }).Buffer, 'undefined');
  const bytes = new Uint8Array([0xfb, 0xff, 0x00, 0x10, 0x80]);
  assert.equal(p.encodeUnpaddedBase64(bytes), '+/8AEIA');
  assert.equal(p.encodeUrlSafeBase64(bytes), '-_8AEIA');
  assert.deepEqual([...p.decodeBase64('+/8AEIA')], [...bytes]);
  assert.deepEqual([...p.decodeBase64('-_8AEIA=')], [...bytes]);
  assert.throws(() => p.decodeBase64('+/8AEIA-'), /mixed alphabets/);
  // Plain objects of the bundle's own realm (canonicalJson rejects other prototypes).
  assert.equal(runInNewContext(`protocol.canonicalJson({ b: 1, a: 'é' })`, context), '{"a":"é","b":1}');
});

test('protocol: the Node entry does not bundle for the browser (the check above can fail)', async () => {
  const { error } = await bundleForBrowser('node.ts');
  assert.ok(error, 'bundling node.ts for the browser should fail on node:crypto');
  assert.match(String(error), /node:crypto/);
});
