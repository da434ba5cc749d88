// A message's text: received HTML only through the allow-list (sanitizeHtml), else plain text. Code blocks are
// highlighted by highlight.js, loaded on first use so it is never in the initial bundle.
import { useEffect, useMemo, useRef } from 'react';
import { sanitizeHtml } from '../format/sanitizeHtml.ts';

let highlighter: Promise<(el: HTMLElement) => void> | null = null;

function loadHighlighter(): Promise<(el: HTMLElement) => void> {
  highlighter ??= import('highlight.js/lib/common').then(
    ({ default: hljs }) =>
      (el: HTMLElement) =>
        hljs.highlightElement(el),
  );
  return highlighter;
}

export function MessageBody({ id, body, html, className }: { id: string; body: string; html: string | null; className?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const clean = useMemo(() => (html ? sanitizeHtml(html) : null), [html]);
  useEffect(() => {
    const blocks = ref.current?.querySelectorAll<HTMLElement>('pre code');
    if (!blocks || blocks.length === 0) return;
    void loadHighlighter().then((highlight) => blocks.forEach((b) => highlight(b)));
  }, [clean]);
  if (clean !== null) return <div id={id} ref={ref} className={`body ${className ?? ''}`} dangerouslySetInnerHTML={{ __html: clean }} />;
  return (
    <div id={id} ref={ref} className={`body plain ${className ?? ''}`}>
      {body}
    </div>
  );
}
