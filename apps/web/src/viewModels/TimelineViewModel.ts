// The open room's timeline: items rebuilt from the client on every change, back-pagination, and message actions.
import type { ChatClient, RawEvent } from '../matrix/ChatClient.ts';
import { strings } from '../strings.ts';
import { buildTimeline, localTimeFormat, type MessageItem, type TimeFormat, type TimelineItem } from './buildTimeline.ts';
import { attachReceipts } from './readReceipts.ts';
import { ViewModel } from './ViewModel.ts';

export interface TimelineState {
  items: TimelineItem[];
  paginating: boolean;
  atStart: boolean;
  error: string | null;
  /** Others typing in the room now (display names). */
  typing: string[];
  /** The event a permalink opened at: highlighted, scrolled to and focused. */
  highlight: string | null;
  /** True while showing a window of history around `highlight` instead of the live end ("Jump to present" leaves it). */
  inPast: boolean;
}

export class TimelineViewModel extends ViewModel<TimelineState> {
  private readonly unsubscribe: () => void;
  private readonly readUpTo: string | null;

  constructor(
    private readonly client: ChatClient,
    readonly roomId: string,
    private readonly format: TimeFormat = localTimeFormat,
  ) {
    super({ items: [], paginating: false, atStart: false, error: null, typing: [], highlight: null, inPast: false });
    // Taken once, before the room is marked read, so the line stays where it was when the room was opened.
    this.readUpTo = client.readUpTo(roomId);
    this.refresh();
    this.unsubscribe = client.onChange(() => this.refresh());
  }

  dispose(): void {
    this.unsubscribe();
  }

  private lastSeenKey: string | undefined;
  /** The window of history a permalink opened, while it is shown instead of the live timeline. */
  private past: RawEvent[] | null = null;

  private refresh(): void {
    const me = { userId: this.client.userId, displayName: this.client.displayName(this.client.userId) };
    if (this.past) {
      const items = attachReceipts(buildTimeline(this.past, me, this.format, null), this.past, this.client.readReceipts(this.roomId));
      this.set({ items, typing: this.client.typing(this.roomId) });
      return;
    }
    // The open room is read up to its newest event: events arriving after a join or a gap count too.
    const events = this.client.timeline(this.roomId);
    const newest = events[events.length - 1]?.key;
    if (newest !== undefined && newest !== this.lastSeenKey) this.markRead();
    this.lastSeenKey = newest ?? this.lastSeenKey;
    const items = attachReceipts(buildTimeline(events, me, this.format, this.readUpTo), events, this.client.readReceipts(this.roomId));
    this.set({ items, typing: this.client.typing(this.roomId) });
  }

  /** Opens the timeline at one event (a permalink): its context from the server unless it is loaded already. */
  async openAt(eventId: string): Promise<boolean> {
    this.set({ error: null, paginating: true });
    try {
      const { live, events } = await this.client.contextAround(this.roomId, eventId);
      this.past = live ? null : events;
      this.set({ highlight: eventId, inPast: !live, paginating: false, atStart: live ? this.state.atStart : false });
      this.refresh();
      return true;
    } catch {
      this.set({ paginating: false, error: strings.permalink.notFound });
      return false;
    }
  }

  /** Leaves a permalink's window of history for the live end of the room. */
  jumpToPresent(): void {
    this.past = null;
    this.set({ highlight: null, inPast: false });
    this.refresh();
  }

  async loadOlder(): Promise<void> {
    // A permalink's window of history is what the server gave around the event; "Jump to present" leaves it.
    if (this.past) return;
    if (this.state.paginating || this.state.atStart) return;
    this.set({ paginating: true, error: null });
    try {
      const more = await this.client.paginateBack(this.roomId);
      this.set({ paginating: false, atStart: !more });
    } catch (err) {
      this.set({ paginating: false, error: err instanceof Error ? err.message : String(err) });
    }
  }

  /** The newest message we sent that can still be edited (for Up-arrow in the composer). */
  lastOwnMessage(): MessageItem | null {
    for (let i = this.state.items.length - 1; i >= 0; i--) {
      const item = this.state.items[i]!;
      if (item.kind === 'message' && item.own && !item.redacted && item.eventId && item.msgtype !== 'm.emote') return item;
    }
    return null;
  }

  /** An image or file of this room's messages, through the authenticated media endpoints. */
  fetchMedia(mxc: string, thumbnail?: { width: number; height: number }): Promise<Blob> {
    return this.client.fetchMedia(mxc, thumbnail);
  }

  retry(key: string): void {
    this.client.retry(this.roomId, key);
  }

  async toggleReaction(message: MessageItem, key: string): Promise<void> {
    if (!message.eventId) return;
    const existing = message.reactions.find((r) => r.key === key);
    if (existing?.mine) await this.client.redact(this.roomId, existing.mine);
    else await this.client.react(this.roomId, message.eventId, key);
  }

  async remove(message: MessageItem): Promise<void> {
    if (message.eventId) await this.client.redact(this.roomId, message.eventId);
  }

  markRead(): void {
    void this.client.markRead(this.roomId).catch(() => undefined);
  }
}
