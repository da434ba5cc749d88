// The one allow-list for message HTML, both what we send and what we render: the tags and attributes the Matrix
// spec lists for `formatted_body` (m.room.message msgtypes, "HTML"), links forced to open safely, images only
// from the homeserver's media (mxc:// is rewritten to nothing here: part 1 shows no inline images).
import DOMPurify from 'dompurify';

export const ALLOWED_TAGS = [
  'del', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'p', 'a', 'ul', 'ol', 'sup', 'sub', 'li', 'b', 'i', 'u', 'strong', 'em', 's',
  'code', 'hr', 'br', 'div', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'caption', 'pre', 'span', 'details', 'summary',
]; // prettier-ignore

export const ALLOWED_ATTR = ['href', 'target', 'rel', 'data-mx-bg-color', 'data-mx-color', 'data-mx-spoiler', 'data-mx-maths', 'colspan', 'rowspan', 'start', 'class'];

let hooked = false;

function hook(): void {
  if (hooked) return;
  hooked = true;
  DOMPurify.addHook('afterSanitizeAttributes', (node) => {
    if (node.tagName === 'A') {
      const href = node.getAttribute('href') ?? '';
      if (!/^(https?:|mailto:|matrix:)/i.test(href)) node.removeAttribute('href');
      node.setAttribute('target', '_blank');
      node.setAttribute('rel', 'noopener noreferrer');
    }
    // Only the language class on code blocks (for highlighting) survives.
    const cls = node.getAttribute('class');
    if (cls !== null) {
      const kept = node.tagName === 'CODE' ? cls.split(/\s+/).filter((c) => /^language-[\w+-]+$/.test(c)) : [];
      if (kept.length > 0) node.setAttribute('class', kept.join(' '));
      else node.removeAttribute('class');
    }
  });
}

export function sanitizeHtml(html: string): string {
  hook();
  return DOMPurify.sanitize(html, { ALLOWED_TAGS, ALLOWED_ATTR, ALLOW_DATA_ATTR: false, ALLOWED_URI_REGEXP: /^(?:https?|mailto|matrix):/i });
}
