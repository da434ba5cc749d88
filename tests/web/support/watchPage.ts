import type { Page } from 'playwright-core';

/** What went wrong on a page while it was watched: CSP violations, console errors, uncaught exceptions. */
export interface PageProblems {
  /** `directive blocked-uri` for each securitypolicyviolation event, e.g. `script-src-elem inline`. */
  readonly csp: string[];
  /** console.error / console.warn messages (Chromium also logs refused loads there). */
  readonly console: string[];
  /** Uncaught exceptions and unhandled rejections in the page. */
  readonly errors: string[];
  /** All of the above, one per line, for an assertion message. */
  all(): string[];
}

const BINDING = '__parleyReportCspViolation';

/**
 * Starts recording a page's problems; call it before page.goto(). CSP violations come from
 * the page's own `securitypolicyviolation` events through a binding (bindings and init scripts
 * go through the DevTools protocol, which the page's CSP does not govern).
 */
export async function watchPage(page: Page): Promise<PageProblems> {
  const problems: PageProblems = {
    csp: [],
    console: [],
    errors: [],
    all: () => [...problems.csp.map((c) => `CSP: ${c}`), ...problems.console.map((c) => `console: ${c}`), ...problems.errors.map((e) => `error: ${e}`)],
  };
  await page.exposeFunction(BINDING, (directive: string, blocked: string, sample: string) => {
    problems.csp.push(`${directive} ${blocked}${sample ? ` (${sample})` : ''}`);
  });
  await page.addInitScript((binding: string) => {
    document.addEventListener('securitypolicyviolation', (e) => {
      const report = (window as unknown as Record<string, (d: string, b: string, s: string) => void>)[binding];
      report?.(e.effectiveDirective, e.blockedURI, e.sample);
    });
  }, BINDING);
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.console.push(m.text());
  });
  page.on('pageerror', (e) => problems.errors.push(e.message));
  return problems;
}
