// Composer Markdown (CommonMark + GFM tables, fenced code, strikethrough) to sanitised HTML for `formatted_body`.
// Returns null when the message is plain text, so plain messages carry only `body`.
import { Marked } from 'marked';
import { sanitizeHtml } from './sanitizeHtml.ts';

const marked = new Marked({ gfm: true, breaks: true, async: false });

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function markdownToHtml(markdown: string): string | null {
  const html = (marked.parse(markdown) as string).trim();
  const plain = `<p>${escapeHtml(markdown).replace(/\n/g, '<br>')}</p>`;
  if (html === plain || html === plain.replace(/<br>/g, '<br>\n')) return null;
  const unwrapped = html.startsWith('<p>') && html.endsWith('</p>') && html.indexOf('<p>', 1) === -1 ? html.slice(3, -4) : html;
  return sanitizeHtml(unwrapped);
}
