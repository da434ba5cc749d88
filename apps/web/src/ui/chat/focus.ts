/** Moves focus to the composer once the next render has happened (after opening a room, closing a dialog …). */
export function focusComposer(): void {
  setTimeout(() => document.getElementById('composer')?.focus(), 50);
}
