// The one pair of live regions, mounted once at the root and never remounted (so no announcement is lost on a
// route change). Text is cleared and set again a moment later so a repeated message is still heard.
import { useEffect, useRef } from 'react';
import type { AnnounceSink } from '../viewModels/Announcer.ts';

export interface LiveRegionHandle {
  sink: AnnounceSink;
}

export function createLiveRegionSink(): { sink: AnnounceSink; attach(polite: HTMLElement | null, assertive: HTMLElement | null): void } {
  let politeEl: HTMLElement | null = null;
  let assertiveEl: HTMLElement | null = null;
  return {
    attach(polite, assertive) {
      politeEl = polite;
      assertiveEl = assertive;
    },
    sink(text, politeness) {
      const el = politeness === 'assertive' ? assertiveEl : politeEl;
      if (!el) return;
      el.textContent = '';
      setTimeout(() => {
        el.textContent = text;
      }, 100);
    },
  };
}

export function LiveRegions({ attach }: { attach(polite: HTMLElement | null, assertive: HTMLElement | null): void }) {
  const polite = useRef<HTMLDivElement>(null);
  const assertive = useRef<HTMLDivElement>(null);
  useEffect(() => attach(polite.current, assertive.current), [attach]);
  return (
    <div className="visually-hidden">
      <div ref={polite} role="status" aria-live="polite" aria-atomic="true" />
      <div ref={assertive} role="alert" aria-live="assertive" aria-atomic="true" />
    </div>
  );
}
