import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** WCAG 2.0, 2.1 and 2.2, levels A and AA: the bar of issue 11. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * How a theme is asked for: the media features the client honours. `high-contrast` is
 * `prefers-contrast: more`; `forced-colors` is Windows High Contrast's `forced-colors: active`.
 */
const THEMES = {
  light: { colorScheme: 'light', contrast: 'no-preference', forcedColors: 'none' },
  dark: { colorScheme: 'dark', contrast: 'no-preference', forcedColors: 'none' },
  'high-contrast': { colorScheme: 'light', contrast: 'more', forcedColors: 'none' },
  'forced-colors': { colorScheme: 'dark', contrast: 'more', forcedColors: 'active' },
} as const;

export type Theme = keyof typeof THEMES;

export interface AccessibilityOptions {
  /** Emulate this theme's media features first (they stay set on the page afterwards). */
  theme?: Theme;
  /** Resize the viewport to this CSS width first (e.g. 320 for reflow, 1280 for desktop); the height is kept. */
  width?: number;
}

/**
 * Runs axe-core on the page as it is now, for WCAG 2.2 A/AA, and throws a readable list of the
 * violations (rule, impact, what is wrong, where, how to fix it) when there is any. `target-size`
 * (2.5.8) is switched on: axe ships it off by default. The page must come from
 * `browser.newContext()` (axe opens a helper page in its context), not `browser.newPage()`.
 */
export async function checkAccessibility(page: Page, label: string, opts: AccessibilityOptions = {}): Promise<void> {
  if (opts.width !== undefined) await page.setViewportSize({ width: opts.width, height: page.viewportSize()?.height ?? 800 });
  if (opts.theme !== undefined) await page.emulateMedia(THEMES[opts.theme]);
  // One options object: AxeBuilder.options() replaces the runOnly that withTags() set, which ran every rule.
  // Legacy mode runs axe in the page alone (no helper page per run): about twice as fast, and the client has no
  // iframes for the cross-frame mode to reach.
  const results = await new AxeBuilder({ page })
    .setLegacyMode(true)
    .options({ runOnly: { type: 'tag', values: WCAG_TAGS }, rules: { 'target-size': { enabled: true } } })
    .analyze();
  if (results.violations.length === 0) return;
  const where = [opts.theme && `theme ${opts.theme}`, opts.width !== undefined && `width ${opts.width}px`].filter(Boolean).join(', ');
  const lines = [`axe: ${results.violations.length} WCAG 2.2 A/AA violation(s) on "${label}"${where ? ` (${where})` : ''} at ${page.url()}:`];
  results.violations.forEach((v, i) => {
    lines.push(`${i + 1}. ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help} [${v.tags.filter((t) => t.startsWith('wcag')).join(', ')}]`);
    lines.push(`   ${v.helpUrl}`);
    for (const node of v.nodes.slice(0, 5)) {
      lines.push(`   - ${node.target.join(' ')}: ${node.html.slice(0, 160)}`);
      if (node.failureSummary) lines.push(...node.failureSummary.split('\n').map((l) => `       ${l.trim()}`));
    }
    if (v.nodes.length > 5) lines.push(`   ... and ${v.nodes.length - 5} more element(s)`);
  });
  throw new Error(lines.join('\n'));
}
