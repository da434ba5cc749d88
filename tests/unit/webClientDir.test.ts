// Where the server looks for the built web client when web_client.path is empty: apps/web/dist
// beside its own install, from source and from the bundle, whatever the working directory.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { resolveWebClientDir } from '../../apps/server/src/webClient/resolveWebClientDir.ts';
import { parseAssetPath } from '../../apps/server/src/webClient/parseAssetPath.ts';
import { acceptedEncoding } from '../../apps/server/src/webClient/acceptedEncoding.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

describe('resolveWebClientDir', () => {
  it('an empty path is apps/web/dist beside the server, from source', () => {
    assert.equal(resolveWebClientDir(''), join(ROOT, 'apps', 'web', 'dist'));
  });

  it('and from the bundle (dist/server.cjs)', () => {
    assert.equal(resolveWebClientDir('', pathToFileURL(join(ROOT, 'apps', 'server', 'dist', 'server.cjs')).href), join(ROOT, 'apps', 'web', 'dist'));
  });

  it('a configured path is taken relative to the working directory', () => {
    assert.equal(resolveWebClientDir('public/web'), resolve('public/web'));
    assert.equal(resolveWebClientDir('/srv/parley-web'), '/srv/parley-web');
  });
});

describe('parseAssetPath', () => {
  it('accepts plain and nested names, %-decoded', () => {
    assert.deepEqual(parseAssetPath('index-3f2a.js'), ['index-3f2a.js']);
    assert.deepEqual(parseAssetPath('icons/a%20b.svg'), ['icons', 'a b.svg']);
  });
  it('refuses anything that could name a file outside the folder, or a hidden one', () => {
    for (const bad of ['', '..', '../x', 'a/../../x', '%2e%2e/x', 'a%2f..%2fx', '..%5cx', '/etc/passwd', 'a//b', './a', '.env', 'a%00.js', 'a\u0000b', '%zz'])
      assert.equal(parseAssetPath(bad), undefined, JSON.stringify(bad));
  });
});

describe('acceptedEncoding', () => {
  it('prefers brotli, honours q=0 and *', () => {
    assert.equal(acceptedEncoding('gzip, deflate, br'), 'br');
    assert.equal(acceptedEncoding('gzip, br;q=0'), 'gzip');
    assert.equal(acceptedEncoding('br;q=0, gzip;q=0'), null);
    assert.equal(acceptedEncoding('*'), 'br');
    assert.equal(acceptedEncoding('*, br;q=0'), 'gzip');
    assert.equal(acceptedEncoding('identity'), null);
    assert.equal(acceptedEncoding(undefined), null);
  });
});
