// The open room's timeline: items rebuilt from the client on every change, back-pagination, and message actions.
import type { ChatClient } from '../matrix/ChatClient.ts';
import { buildTimeline, localTimeFormat, type MessageItem, type TimeFormat, type TimelineItem } from './buildTimeline.ts';
import { ViewModel } from './ViewModel.ts';

export interface TimelineState {
  items: TimelineItem[];
  paginating: boolean;
  atStart: boolean;
  error: string | null;
  /** Others typing in the room now (display names). */
  typing: string[];
}

export class TimelineViewModel extends ViewModel<TimelineState> {
  private readonly unsubscribe: () => void;
  private readonly readUpTo: string | null;

  constructor(
    private readonly client: ChatClient,
    readonly roomId: string,
    private readonly format: TimeFormat = localTimeFormat,
  ) {
    super({ items: [], paginating: false, atStart: false, error: null, typing: [] });
    // Taken once, before the room is marked read, so the line stays where it was when the room was opened.
    this.readUpTo = client.readUpTo(roomId);
    this.refresh();
    this.unsubscribe = client.onChange(() => this.refresh());
  }

  dispose(): void {
    this.unsubscribe();
  }

  private lastSeenKey: string | undefined;

  private refresh(): void {
    const me = { userId: this.client.userId, displayName: this.client.displayName(this.client.userId) };
    // The open room is read up to its newest event: events arriving after a join or a gap count too.
    const events = this.client.timeline(this.roomId);
    const newest = events[events.length - 1]?.key;
    if (newest !== undefined && newest !== this.lastSeenKey) this.markRead();
    this.lastSeenKey = newest ?? this.lastSeenKey;
    this.set({ items: buildTimeline(events, me, this.format, this.readUpTo), typing: this.client.typing(this.roomId) });
  }

  async loadOlder(): Promise<void> {
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
