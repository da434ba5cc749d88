// Finding emoji by shortcode or name, for the reaction picker and `:shortcode:` completion. The table is loaded
// lazily (loadEmoji) and cached.
import type { Emoji } from './emojiData.ts';

export type { Emoji };

let table: Promise<Emoji[]> | null = null;

export function loadEmoji(): Promise<Emoji[]> {
  table ??= import('./emojiData.ts').then((m) => m.EMOJI);
  return table;
}

/**
 * Emoji whose shortcode or name matches every word of the query: shortcodes starting with the query first, then
 * the rest in table order (most used first). An empty query gives the whole table.
 */
export function searchEmoji(all: Emoji[], query: string, limit = Infinity): Emoji[] {
  const q = query.trim().toLowerCase().replace(/^:|:$/g, '');
  if (!q) return all.slice(0, limit);
  const words = q.split(/[\s_]+/).filter(Boolean);
  const seen = new Set<string>();
  const matches = all.filter((e) => {
    if (seen.has(e.shortcode)) return false;
    const hay = `${e.shortcode.replace(/_/g, ' ')} ${e.name}`.toLowerCase();
    const ok = words.every((w) => hay.includes(w));
    if (ok) seen.add(e.shortcode);
    return ok;
  });
  const prefix = matches.filter((e) => e.shortcode.startsWith(q));
  const rest = matches.filter((e) => !e.shortcode.startsWith(q));
  return [...prefix, ...rest].slice(0, limit);
}

/** Replaces complete `:shortcode:`s in text with their emoji (unknown ones stay as typed). */
export function replaceShortcodes(all: Emoji[], text: string): string {
  const byCode = new Map(all.map((e) => [e.shortcode, e.emoji]));
  return text.replace(/:([a-z0-9_+-]+):/g, (whole, code: string) => byCode.get(code) ?? whole);
}
