// Suggestions in the composer for the token at the caret: `:sm` emoji shortcodes, `@al` room members and `#ge`
// channels with an alias. The list opens with no active option (so a screen reader keeps reading the field); ↑/↓
// choose one, Tab or Enter insert it. Accepting returns the new text and caret; the composer's view model then sends
// mentions (full user IDs in the text) as m.mentions.
import type { ChatClient } from '../matrix/ChatClient.ts';
import { strings } from '../strings.ts';
import { loadEmoji, searchEmoji, type Emoji } from './emojiSearch.ts';
import { ViewModel } from './ViewModel.ts';

export type CompletionKind = 'emoji' | 'user' | 'room';

export interface Suggestion {
  id: string;
  /** What the option says ("😄 :smile:", "Alice (@alice:example.org)", "#general:example.org"). */
  label: string;
  /** The text that replaces the token. */
  insert: string;
}

export interface CompletionState {
  kind: CompletionKind | null;
  suggestions: Suggestion[];
  /** Index of the active option, or -1 before the first arrow key. */
  active: number;
  /** The token being completed: text[start, end). */
  start: number;
  end: number;
}

const CLOSED: CompletionState = { kind: null, suggestions: [], active: -1, start: 0, end: 0 };
const LIMIT = 8;

/** The completable token ending at the caret, if any. */
export function tokenAt(text: string, caret: number): { kind: CompletionKind; query: string; start: number } | null {
  const before = text.slice(0, caret);
  const m = /(^|[\s(])([:@#])([^\s:@#]*)$/.exec(before);
  if (!m) return null;
  const sigil = m[2]!;
  const query = m[3]!;
  const start = caret - query.length - 1;
  if (sigil === ':') return query.length >= 2 && /^[a-z0-9_+-]+$/i.test(query) ? { kind: 'emoji', query, start } : null;
  return { kind: sigil === '@' ? 'user' : 'room', query, start };
}

function escapeLinkText(text: string): string {
  return text.replace(/([[\]\\])/g, '\\$1');
}

export class CompletionViewModel extends ViewModel<CompletionState> {
  private emoji: Emoji[] | null = null;
  private request = 0;

  constructor(
    private readonly client: ChatClient,
    readonly roomId: string,
    /** Says how many suggestions appeared, politely. */
    private readonly announce: (text: string) => void = () => undefined,
  ) {
    super(CLOSED);
  }

  /** Recomputes the suggestions for the text and caret (after every edit or caret move). */
  async update(text: string, caret: number): Promise<void> {
    const token = tokenAt(text, caret);
    const request = ++this.request;
    if (!token) return this.close();
    if (token.kind === 'emoji' && !this.emoji) {
      this.emoji = await loadEmoji();
      if (request !== this.request) return;
    }
    const suggestions = this.suggest(token.kind, token.query);
    if (suggestions.length === 0) return this.close();
    const wasOpen = this.state.kind !== null;
    const same = wasOpen && suggestions.length === this.state.suggestions.length && suggestions.every((s, i) => s.id === this.state.suggestions[i]!.id);
    this.set({ kind: token.kind, suggestions, start: token.start, end: caret, active: same ? this.state.active : -1 });
    if (!same) this.announce(strings.completion.count(token.kind, suggestions.length));
  }

  private suggest(kind: CompletionKind, query: string): Suggestion[] {
    const q = query.toLowerCase();
    if (kind === 'emoji') return searchEmoji(this.emoji ?? [], query, LIMIT).map((e) => ({ id: `emoji-${e.shortcode}`, label: `${e.emoji} :${e.shortcode}:`, insert: e.emoji }));
    if (kind === 'user')
      return this.client
        .members(this.roomId)
        .filter((m) => m.membership === 'join' && m.userId !== this.client.userId && (m.displayName.toLowerCase().includes(q) || m.userId.toLowerCase().includes(q)))
        .slice(0, LIMIT)
        .map((m) => ({
          id: `user-${m.userId}`,
          label: m.displayName === m.userId ? m.userId : `${m.displayName} (${m.userId})`,
          insert: `[${escapeLinkText(m.displayName)}](https://matrix.to/#/${m.userId})`,
        }));
    return this.client
      .listRooms()
      .filter((r) => r.alias !== null && (r.alias.toLowerCase().includes(q) || r.name.toLowerCase().includes(q)))
      .slice(0, LIMIT)
      .map((r) => ({
        id: `room-${r.roomId}`,
        label: r.name && r.name !== r.alias ? `${r.alias} (${r.name})` : r.alias!,
        insert: `[${escapeLinkText(r.alias!)}](https://matrix.to/#/${r.alias})`,
      }));
  }

  get open(): boolean {
    return this.state.kind !== null;
  }

  /** Moves the active option (wrapping); the first move from none goes to the first or last option. */
  move(delta: 1 | -1): void {
    const n = this.state.suggestions.length;
    if (n === 0) return;
    const active = this.state.active === -1 ? (delta === 1 ? 0 : n - 1) : (this.state.active + delta + n) % n;
    this.set({ active });
  }

  /** Inserts the active option (or `index`), returning the new text and caret; null when nothing is chosen. */
  accept(text: string, index = this.state.active): { text: string; caret: number } | null {
    const chosen = this.state.suggestions[index];
    if (!chosen) return null;
    const insert = `${chosen.insert} `;
    const next = text.slice(0, this.state.start) + insert + text.slice(this.state.end);
    const caret = this.state.start + insert.length;
    this.close();
    return { text: next, caret };
  }

  close(): void {
    this.request++;
    if (this.state.kind !== null) this.set(CLOSED);
  }
}
