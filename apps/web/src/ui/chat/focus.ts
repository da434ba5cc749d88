/** The regions F6 / Shift+F6 cycle through, in a fixed order; hidden ones are skipped. */
const REGIONS = ['#rooms-nav', '#timeline', '.composer', '.members-panel', '.banner'];

function firstFocusable(region: HTMLElement): HTMLElement | null {
  if (region.id === 'timeline') return region.querySelector<HTMLElement>('article[tabindex="0"]') ?? region;
  // The region's main widget first (the room list's current row, the composer's textarea), else its first control.
  for (const selector of [
    '[role="row"][tabindex="0"]',
    '[role="grid"][tabindex="0"]',
    '[role="option"][tabindex="0"]',
    '[role="listbox"][tabindex="0"]',
    'textarea',
    'button:not([disabled]), input, a[href], [tabindex="0"]',
  ]) {
    const found = [...region.querySelectorAll<HTMLElement>(selector)].find((el) => el.getClientRects().length > 0);
    if (found) return found;
  }
  return null;
}

export function cycleRegion(direction: 1 | -1): void {
  const regions = REGIONS.map((s) => document.querySelector<HTMLElement>(s)).filter((el): el is HTMLElement => el !== null && el.offsetParent !== null);
  if (regions.length === 0) return;
  const current = regions.findIndex((r) => r.contains(document.activeElement));
  for (let step = 1; step <= regions.length; step++) {
    const region = regions[(((current + direction * step) % regions.length) + regions.length) % regions.length]!;
    firstFocusable(region)?.focus();
    if (region.contains(document.activeElement)) return;
  }
}

/** Moves focus to the composer once the next render has happened (after opening a room, closing a dialog …). */
export function focusComposer(): void {
  setTimeout(() => document.getElementById('composer')?.focus(), 50);
}

/** After leaving a room: the next room's composer, or the first-run screen's heading when no room is left. */
export function focusAfterLeave(): void {
  setTimeout(() => {
    const target = document.getElementById('composer') ?? document.querySelector<HTMLElement>('main h1');
    if (target && target.tagName === 'H1') target.tabIndex = -1;
    target?.focus();
  }, 50);
}
