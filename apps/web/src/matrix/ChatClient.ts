// The port the view models depend on: what the client needs from a Matrix session, in plain data.
// createSdkChatClient.ts implements it with matrix-js-sdk; view-model tests implement it with small fakes.

export type Presence = 'online' | 'unavailable' | 'offline';

export interface RoomInfo {
  roomId: string;
  name: string;
  topic: string;
  /** The room's canonical alias (#general:example.org), if it has one. */
  alias: string | null;
  isDirect: boolean;
  /** 'join' for rooms the user is in, 'invite' for pending invitations. */
  membership: 'join' | 'invite';
  unread: number;
  mentions: number;
  /** Timestamp of the last event, for ordering. */
  lastActivity: number;
}

export type SendStatus = 'sent' | 'sending' | 'failed';

/** One timeline event as the client sees it; relations (edits, reactions, redactions) are aggregated by the view model. */
export interface RawEvent {
  /** Stable key: the transaction ID for our own sends (so the local echo and its remote echo share it), else the event ID. */
  key: string;
  eventId: string | null;
  type: string;
  stateKey: string | null;
  sender: string;
  senderName: string;
  ts: number;
  content: Record<string, unknown>;
  status: SendStatus;
  redacted: boolean;
}

export interface Member {
  userId: string;
  displayName: string;
  membership: 'join' | 'invite';
  presence: Presence;
  powerLevel: number;
}

/** Where another member's read receipt points. */
export interface ReadReceipt {
  userId: string;
  displayName: string;
  eventId: string;
}

export interface PublicRoom {
  roomId: string;
  name: string;
  topic: string;
  alias: string | null;
  members: number;
}

export interface UserResult {
  userId: string;
  displayName: string;
}

export interface MessageContent {
  msgtype: 'm.text' | 'm.emote' | 'm.notice';
  body: string;
  formattedBody?: string;
  /** User IDs mentioned, sent as `m.mentions` (an empty list says "mentions nobody"). */
  mentions?: string[];
}

/** An image or file message (m.image / m.file); `url` is the mxc:// URI of the uploaded content. */
export interface AttachmentContent {
  msgtype: 'm.image' | 'm.file';
  /** The file name, or the sender's caption when `filename` is set too (Matrix 1.10 media captions). */
  body: string;
  filename: string;
  url: string;
  info: { mimetype: string; size: number; w?: number; h?: number };
}

export interface UploadOptions {
  name: string;
  type: string;
  onProgress(loaded: number, total: number): void;
  signal: AbortSignal;
}

export class SessionEndedError extends Error {
  override readonly name = 'SessionEndedError';
}

export interface ChatClient {
  readonly userId: string;
  /** Starts syncing; resolves once the first sync has been processed, rejects with SessionEndedError if the token is dead. */
  start(): Promise<void>;
  /** Called once if the server ends the session (token revoked or unknown): the user must sign in again. */
  onSessionEnded(listener: () => void): () => void;
  stop(): void;
  /** Called after any change to rooms, timelines or members. Returns an unsubscribe function. */
  onChange(listener: () => void): () => void;
  /** Called for each new event arriving live (not from back-pagination). */
  onLiveEvent(listener: (roomId: string, event: RawEvent) => void): () => void;
  listRooms(): RoomInfo[];
  timeline(roomId: string): RawEvent[];
  /**
   * The events around one event (the server's /context), to open a permalink at it. `live` is true when the event
   * is in the live timeline, which then holds it (no separate window is needed). Rejects if the event is unknown.
   */
  contextAround(roomId: string, eventId: string): Promise<{ events: RawEvent[]; live: boolean }>;
  /** Loads older events; resolves to false when the start of the room has been reached. */
  paginateBack(roomId: string): Promise<boolean>;
  members(roomId: string): Member[];
  /** The read receipts of the room's other joined members (ours is left out). */
  readReceipts(roomId: string): ReadReceipt[];
  /** The event our read receipt points at, if any. */
  readUpTo(roomId: string): string | null;
  /** Display names of the other people typing in the room now. */
  typing(roomId: string): string[];
  sendTyping(roomId: string, typing: boolean): void;
  displayName(userId: string): string;
  send(roomId: string, content: MessageContent, replyTo?: string): void;
  edit(roomId: string, eventId: string, content: MessageContent): Promise<void>;
  redact(roomId: string, eventId: string): Promise<void>;
  react(roomId: string, eventId: string, key: string): Promise<void>;
  /** Retries a failed send, identified by its key. */
  retry(roomId: string, key: string): void;
  markRead(roomId: string): Promise<void>;
  join(roomIdOrAlias: string): Promise<string>;
  leave(roomId: string): Promise<void>;
  invite(roomId: string, userId: string): Promise<void>;
  setTopic(roomId: string, topic: string): Promise<void>;
  createRoom(options: { name: string; topic: string; isPublic: boolean }): Promise<string>;
  searchPublicRooms(term: string): Promise<PublicRoom[]>;
  searchUsers(term: string): Promise<UserResult[]>;
  /** Opens the direct-message room with these people, creating it (and recording it in m.direct) if there is none. */
  openDirect(userIds: string[]): Promise<string>;
  logout(): Promise<void>;
  /** Uploads content to the media repository; resolves to its mxc:// URI. Rejects (with an AbortError) when `signal` aborts. */
  upload(file: Blob, options: UploadOptions): Promise<string>;
  sendAttachment(roomId: string, content: AttachmentContent): void;
  /**
   * Downloads media through the authenticated endpoints (`/_matrix/client/v1/media/...`, which need the access
   * token), the whole file or a server-made thumbnail that fits `thumbnail`.
   */
  fetchMedia(mxc: string, thumbnail?: { width: number; height: number }): Promise<Blob>;
}
