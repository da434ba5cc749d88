// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { markdownToHtml } from '../src/ui/format/markdownToHtml.ts';
import { sanitizeHtml } from '../src/ui/format/sanitizeHtml.ts';

describe('sanitizeHtml', () => {
  it('removes scripts, event handlers, styles, iframes and javascript: links', () => {
    const dirty =
      '<p onclick="x()">hi<script>alert(1)</script><img src=x onerror=alert(1)><iframe src="https://evil"></iframe>' +
      '<a href="javascript:alert(1)">js</a><span style="color:red">s</span><svg><g onload="x()"></g></svg></p>';
    const clean = sanitizeHtml(dirty);
    expect(clean).not.toMatch(/script|onclick|onerror|iframe|javascript|style=|<img|<svg|onload/i);
    expect(clean).toContain('hi');
    expect(clean).toContain('<span>s</span>');
  });

  it('keeps the spec tags and forces links to open safely', () => {
    const clean = sanitizeHtml('<table><tr><td>a</td></tr></table><del>x</del><a href="https://example.org">e</a><details><summary>s</summary>d</details>');
    expect(clean).toContain('<td>a</td>');
    expect(clean).toContain('<del>x</del>');
    expect(clean).toContain('<a href="https://example.org" target="_blank" rel="noopener noreferrer">e</a>');
    expect(clean).toContain('<summary>s</summary>');
  });

  it('keeps only language-* classes, and only on code', () => {
    expect(sanitizeHtml('<pre><code class="language-js evil">x</code></pre><p class="big">p</p>')).toBe('<pre><code class="language-js">x</code></pre><p>p</p>');
  });
});

describe('markdownToHtml', () => {
  it('returns null for plain text, so only body is sent', () => {
    expect(markdownToHtml('just words')).toBeNull();
    expect(markdownToHtml('two\nlines')).toBeNull();
  });

  it('renders CommonMark and GFM (tables, fenced code, strikethrough) to sanitised HTML', () => {
    expect(markdownToHtml('**bold** and ~~gone~~')).toBe('<strong>bold</strong> and <del>gone</del>');
    expect(markdownToHtml('```js\nconst a = 1;\n```')).toContain('<pre><code class="language-js">const a = 1;');
    expect(markdownToHtml('a | b\n--- | ---\n1 | 2')).toContain('<td>1</td>');
    expect(markdownToHtml('<script>alert(1)</script> **x**')).not.toContain('<script');
  });
});
