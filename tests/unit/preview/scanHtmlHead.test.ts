// The preview's HTML scanner: what it reads from ordinary and awkward pages, and that hostile
// pages (unclosed tags, quotes, comments, floods of `<` or `&`) end in one pass with bounded output.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scanHtmlHead, charsetOf } from '../../../apps/server/src/preview/scanHtmlHead.ts';
import { decodeHtmlEntities } from '../../../apps/server/src/preview/decodeHtmlEntities.ts';
import { previewFromHtml } from '../../../apps/server/src/preview/previewFromHtml.ts';

describe('scanHtmlHead', () => {
  test('reads title, meta property/name with quoted, single-quoted and bare values, any case', () => {
    const out = scanHtmlHead(`<!DOCTYPE html><HTML><Head><TITLE>A &lt;b&gt; title</TITLE>
      <meta property="og:title" content="Double">
      <META NAME='description' CONTENT='Single'>
      <meta name=keywords content=bare/>
      <meta charset=ISO-8859-1>`);
    assert.equal(out.title, 'A <b> title');
    assert.deepEqual(out.meta, [
      { key: 'og:title', content: 'Double' },
      { key: 'description', content: 'Single' },
      { key: 'keywords', content: 'bare/' },
    ]);
    assert.equal(out.charset, 'iso-8859-1');
  });

  test('ignores tags inside comments, scripts, styles and templates', () => {
    const out = scanHtmlHead(`<!-- <meta property="og:title" content="comment"> -->
      <script>var s = '<meta property="og:title" content="script">';</script>
      <style>/* <title>style</title> */</style>
      <template><meta property="og:title" content="template"></template>
      <meta property="og:title" content="real"><title>real title</title>`);
    assert.deepEqual(out.meta, [{ key: 'og:title', content: 'real' }]);
    assert.equal(out.title, 'real title');
  });

  test('charset from a Content-Type value', () => {
    assert.equal(charsetOf('text/html; charset=UTF-8'), 'utf-8');
    assert.equal(charsetOf('text/html; charset="windows-1252"; x=y'), 'windows-1252');
    assert.equal(charsetOf('text/html'), null);
  });

  test('hostile pages end with bounded output', () => {
    const pages = [
      '<'.repeat(200_000),
      '<a'.repeat(100_000),
      '<meta content="'.repeat(50_000),
      '<!--'.repeat(50_000),
      '<title>' + '</titl'.repeat(50_000),
      '<script>' + '</scrip'.repeat(50_000),
      '<meta ' + 'a='.repeat(100_000),
      `<meta property="og:x" content="${'&'.repeat(200_000)}">`,
      '<meta property="og:title" content="x">'.repeat(10_000),
    ];
    for (const page of pages) {
      const out = scanHtmlHead(page);
      assert.ok(out.meta.length <= 256);
      for (const m of out.meta) assert.ok(m.content.length <= 4096);
    }
  });
});

describe('decodeHtmlEntities', () => {
  test('numeric and common named references; the rest stays as written', () => {
    assert.equal(decodeHtmlEntities('&amp;&lt;&gt;&quot;&#39;&#x27;&#X41;&nbsp;'), "&<>\"''A\u00a0");
    assert.equal(decodeHtmlEntities('&toString; &constructor; &unknown; & alone &#xD800; &#0;'), '&toString; &constructor; &unknown; & alone \ufffd \ufffd');
  });
});

describe('previewFromHtml', () => {
  test('og:image is resolved against the page and kept only as http(s); its size keys go with it', () => {
    const page = (image: string): Buffer => Buffer.from(`<meta property="og:image" content="${image}"><meta property="og:image:width" content="10">`);
    assert.deepEqual(previewFromHtml(page('/a.png'), 'text/html', 'https://example.org/dir/page'), { 'og:image': 'https://example.org/a.png', 'og:image:width': 10 });
    assert.deepEqual(previewFromHtml(page('javascript:alert(1)'), 'text/html', 'https://example.org/'), {});
    assert.deepEqual(previewFromHtml(page('data:image/png;base64,AAAA'), 'text/html', 'https://example.org/'), {});
  });

  test('decodes with the page charset when the header names none', () => {
    const body = Buffer.concat([Buffer.from('<meta charset="iso-8859-1"><title>Caf'), Buffer.from([0xe9]), Buffer.from('</title>')]);
    assert.deepEqual(previewFromHtml(body, 'text/html', 'https://example.org/'), { 'og:title': 'Café' });
  });

  test('non-integer image sizes are dropped', () => {
    const body = Buffer.from(
      '<meta property="og:image" content="https://x.example/i.png"><meta property="og:image:width" content="wide"><meta property="og:image:height" content="-3">',
    );
    assert.deepEqual(previewFromHtml(body, 'text/html', 'https://example.org/'), { 'og:image': 'https://x.example/i.png' });
  });
});
