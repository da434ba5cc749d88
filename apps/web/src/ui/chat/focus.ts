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
