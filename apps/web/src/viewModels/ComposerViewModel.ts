// The message composer of one room: the draft (kept per room), replies and edits, slash commands, and turning
// Markdown into `body` + `formatted_body` through the injected formatter (Markdown -> sanitised HTML).
import type { ChatClient, MessageContent } from '../matrix/ChatClient.ts';
import { strings } from '../strings.ts';
import type { MessageItem } from './buildTimeline.ts';
import { ViewModel } from './ViewModel.ts';

export interface DraftStore {
  get(roomId: string): string;
  set(roomId: string, text: string): void;
}

/** Markdown source to sanitised HTML, or null when the text has no formatting worth sending. */
export type MarkdownFormatter = (markdown: string) => string | null;

export interface ComposerState {
  text: string;
  replyTo: MessageItem | null;
  editing: MessageItem | null;
  error: string | null;
}

export type SubmitResult = { kind: 'none' } | { kind: 'sent' } | { kind: 'joined'; roomId: string } | { kind: 'left' };

/** Full user IDs typed in a message ("@alice:example.org"), sent as m.mentions. */
const USER_ID = /@[a-z0-9._=/+-]+:[a-z0-9.-]+(?::\d+)?/gi;

const TYPING_RENEW_MS = 4000;

export const COMMANDS = ['/me', '/topic', '/join', '/leave', '/invite'] as const;

export class ComposerViewModel extends ViewModel<ComposerState> {
  constructor(
    private readonly client: ChatClient,
    readonly roomId: string,
    private readonly drafts: DraftStore,
    private readonly toHtml: MarkdownFormatter,
  ) {
    super({ text: drafts.get(roomId), replyTo: null, editing: null, error: null });
  }

  private typingSince: number | null = null;

  setText(text: string, now = Date.now()): void {
    this.set({ text, error: null });
    if (!this.state.editing) this.drafts.set(this.roomId, text);
    this.typing(text.trim() !== '' && !text.startsWith('/'), now);
  }

  /** Tells the room we are typing, renewed at most every TYPING_RENEW_MS, and that we stopped when the text is gone. */
  private typing(active: boolean, now = Date.now()): void {
    if (active && (this.typingSince === null || now - this.typingSince >= TYPING_RENEW_MS)) {
      this.typingSince = now;
      this.client.sendTyping(this.roomId, true);
    } else if (!active && this.typingSince !== null) {
      this.typingSince = null;
      this.client.sendTyping(this.roomId, false);
    }
  }

  startReply(message: MessageItem): void {
    this.set({ replyTo: message, editing: null });
  }

  /** Loads a message for editing; returns false when there is none. */
  startEdit(message: MessageItem | null): boolean {
    if (!message) return false;
    this.set({ editing: message, replyTo: null, text: message.body, error: null });
    return true;
  }

  /** Esc: cancels an edit (restoring the draft) or a reply; returns whether anything was cancelled. */
  cancel(): boolean {
    if (this.state.editing) {
      this.set({ editing: null, text: this.drafts.get(this.roomId) });
      return true;
    }
    if (this.state.replyTo) {
      this.set({ replyTo: null });
      return true;
    }
    return false;
  }

  content(text: string, msgtype: MessageContent['msgtype'] = 'm.text'): MessageContent {
    const html = this.toHtml(text);
    const mentions = [...new Set(text.match(USER_ID) ?? [])].filter((id) => id !== this.client.userId);
    return { msgtype, body: text, ...(html === null ? {} : { formattedBody: html }), ...(mentions.length > 0 ? { mentions } : {}) };
  }

  async submit(): Promise<SubmitResult> {
    const text = this.state.text.trim();
    if (!text) return { kind: 'none' };
    try {
      const result = await this.dispatch(text);
      this.typing(false);
      this.set({ text: '', replyTo: null, editing: null, error: null });
      this.drafts.set(this.roomId, '');
      return result;
    } catch (err) {
      this.set({ error: err instanceof Error ? err.message : String(err) });
      return { kind: 'none' };
    }
  }

  private async dispatch(text: string): Promise<SubmitResult> {
    const editing = this.state.editing;
    if (editing?.eventId) {
      await this.client.edit(this.roomId, editing.eventId, this.content(text));
      return { kind: 'sent' };
    }
    if (text.startsWith('/') && !text.startsWith('//')) return this.command(text);
    const body = text.startsWith('//') ? text.slice(1) : text;
    this.client.send(this.roomId, this.content(body), this.state.replyTo?.eventId ?? undefined);
    return { kind: 'sent' };
  }

  private async command(text: string): Promise<SubmitResult> {
    const [name = '', ...rest] = text.split(' ');
    const arg = rest.join(' ').trim();
    switch (name) {
      case '/me':
        if (!arg) throw new Error(strings.composer.commandNeedsArgument('/me'));
        this.client.send(this.roomId, this.content(arg, 'm.emote'));
        return { kind: 'sent' };
      case '/topic':
        await this.client.setTopic(this.roomId, arg);
        return { kind: 'sent' };
      case '/join':
        if (!arg) throw new Error(strings.composer.commandNeedsArgument('/join'));
        return { kind: 'joined', roomId: await this.client.join(arg) };
      case '/leave':
        await this.client.leave(this.roomId);
        return { kind: 'left' };
      case '/invite':
        if (!/^@[^:]+:.+$/.test(arg)) throw new Error(strings.composer.inviteNeedsUser);
        await this.client.invite(this.roomId, arg);
        return { kind: 'sent' };
      default:
        throw new Error(strings.composer.unknownCommand(name));
    }
  }
}
