// The signed-in app: which room is open, which panel is shown, and the per-room view models. New messages in the
// open room go to the announcer (never the local echo of our own sends, never edits or reactions).
import type { ChatClient, Member, RawEvent } from '../matrix/ChatClient.ts';
import type { Announcer } from './Announcer.ts';
import { strings } from '../strings.ts';
import { mentionsUser } from './buildTimeline.ts';
import { CompletionViewModel } from './CompletionViewModel.ts';
import { ComposerViewModel, type DraftStore, type MarkdownFormatter } from './ComposerViewModel.ts';
import type { Permalink } from './permalink.ts';
import { RoomListViewModel } from './RoomListViewModel.ts';
import { TimelineViewModel } from './TimelineViewModel.ts';
import { UploadViewModel } from './UploadViewModel.ts';
import { ViewModel } from './ViewModel.ts';

export interface ChatState {
  roomId: string | null;
  membersOpen: boolean;
  navOpen: boolean;
  suggestedRooms: string[];
}

export interface ChatDeps {
  client: ChatClient;
  announcer: Announcer;
  drafts: DraftStore;
  toHtml: MarkdownFormatter;
  suggestedRooms: string[];
  /** Remembers the open room across reloads. */
  lastRoom?: { get(): string | null; set(roomId: string): void };
}

export class ChatViewModel extends ViewModel<ChatState> {
  readonly roomList: RoomListViewModel;
  timeline: TimelineViewModel | null = null;
  composer: ComposerViewModel | null = null;
  uploads: UploadViewModel | null = null;
  completion: CompletionViewModel | null = null;
  private readonly unsubscribe: () => void;

  constructor(private readonly deps: ChatDeps) {
    super({ roomId: null, membersOpen: false, navOpen: false, suggestedRooms: deps.suggestedRooms });
    this.roomList = new RoomListViewModel(deps.client);
    this.unsubscribe = deps.client.onLiveEvent((roomId, event) => this.onLive(roomId, event));
    const last = deps.lastRoom?.get() ?? null;
    const first =
      (last && this.roomList.find(last)?.membership === 'join' ? last : null) ?? this.roomList.state.channels[0]?.roomId ?? this.roomList.state.directs[0]?.roomId ?? null;
    if (first) this.open(first);
  }

  get client(): ChatClient {
    return this.deps.client;
  }

  dispose(): void {
    this.unsubscribe();
    this.roomList.dispose();
    this.timeline?.dispose();
  }

  open(roomId: string): void {
    if (roomId === this.state.roomId) return this.set({ navOpen: false });
    this.timeline?.dispose();
    this.deps.announcer.reset();
    this.timeline = new TimelineViewModel(this.deps.client, roomId);
    this.composer = new ComposerViewModel(this.deps.client, roomId, this.deps.drafts, this.deps.toHtml);
    this.uploads?.dispose();
    this.uploads = new UploadViewModel(this.deps.client, roomId);
    this.completion = new CompletionViewModel(this.deps.client, roomId, (text) => this.deps.announcer.status(text));
    this.deps.lastRoom?.set(roomId);
    this.set({ roomId, navOpen: false });
  }

  /** After leaving, opens another room (or none). */
  closeRoom(): void {
    this.timeline?.dispose();
    this.timeline = null;
    this.composer = null;
    this.uploads?.dispose();
    this.uploads = null;
    this.completion = null;
    const next = this.roomList.ordered().find((r) => r.roomId !== this.state.roomId && r.membership === 'join');
    this.set({ roomId: null });
    if (next) this.open(next.roomId);
  }

  toggleMembers(open = !this.state.membersOpen): void {
    this.set({ membersOpen: open });
  }

  toggleNav(open = !this.state.navOpen): void {
    this.set({ navOpen: open });
  }

  /** The server's suggested channels the user has not joined yet. */
  suggestions(): string[] {
    const joined = new Set(
      this.roomList
        .ordered()
        .filter((r) => r.membership === 'join')
        .flatMap((r) => [r.alias, r.roomId]),
    );
    return this.state.suggestedRooms.filter((s) => !joined.has(s));
  }

  members(): Member[] {
    return this.state.roomId ? this.deps.client.members(this.state.roomId) : [];
  }

  async join(roomIdOrAlias: string): Promise<void> {
    const roomId = await this.deps.client.join(roomIdOrAlias);
    this.open(roomId);
  }

  /**
   * Opens a permalink: its room (a joined room, by ID or alias) at its event. Resolves to false, with the reason
   * announced, when the room is not one of ours or the event cannot be loaded.
   */
  async openPermalink(link: Permalink): Promise<boolean> {
    const rooms = this.deps.client.listRooms().filter((r) => r.membership === 'join');
    const target = rooms.find((r) => r.roomId === link.room || (r.alias !== null && r.alias === link.room));
    if (!target) {
      this.deps.announcer.status(strings.permalink.notJoined(link.room), 'assertive');
      return false;
    }
    this.open(target.roomId);
    if (link.eventId === null) return true;
    const ok = (await this.timeline?.openAt(link.eventId)) ?? false;
    if (!ok) this.deps.announcer.status(strings.permalink.notFound, 'assertive');
    return ok;
  }

  openNextUnread(direction: 1 | -1): boolean {
    const next = this.roomList.nextUnread(this.state.roomId, direction);
    if (next) this.open(next);
    return next !== null;
  }

  private onLive(roomId: string, event: RawEvent): void {
    if (roomId !== this.state.roomId) return;
    if (event.type !== 'm.room.message' || event.sender === this.deps.client.userId) return;
    const rel = event.content['m.relates_to'] as { rel_type?: string } | undefined;
    if (rel?.rel_type === 'm.replace') return;
    const body = typeof event.content.body === 'string' ? event.content.body : '';
    const me = this.deps.client.userId;
    this.deps.announcer.message(event.senderName, body, mentionsUser(event.content, me, this.deps.client.displayName(me)), event.content.msgtype === 'm.emote');
    this.timeline?.markRead();
  }
}
