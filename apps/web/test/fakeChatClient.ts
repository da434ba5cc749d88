// A small in-memory ChatClient for view-model tests: records what was sent and lets tests add events and rooms.
import type { AttachmentContent, ChatClient, MessageContent, RawEvent, ReadReceipt, RoomInfo, UploadOptions } from '../src/matrix/ChatClient.ts';

export interface FakeChatClient extends ChatClient {
  rooms: RoomInfo[];
  events: Map<string, RawEvent[]>;
  /** Windows of history around events not in the live timeline, by event ID (what /context would return). */
  context: Map<string, RawEvent[]>;
  sent: { roomId: string; content: MessageContent; replyTo?: string }[];
  calls: string[];
  /** Uploads in progress: a test drives them with options.onProgress, resolve and reject. */
  uploads: { file: Blob; options: UploadOptions; resolve(mxc: string): void; reject(err: Error): void }[];
  attachments: { roomId: string; content: AttachmentContent }[];
  receipts: Map<string, ReadReceipt[]>;
  emit(): void;
  live(roomId: string, event: RawEvent): void;
}

let counter = 0;

export function event(partial: Partial<RawEvent> & { sender: string; ts: number }): RawEvent {
  const id = partial.eventId ?? `$e${++counter}`;
  return {
    key: partial.key ?? id,
    eventId: id,
    type: 'm.room.message',
    stateKey: null,
    senderName: partial.sender.slice(1).split(':')[0]!,
    content: { msgtype: 'm.text', body: 'hi' },
    status: 'sent',
    redacted: false,
    ...partial,
  };
}

export function room(partial: Partial<RoomInfo> & { roomId: string }): RoomInfo {
  return { name: partial.roomId, topic: '', alias: null, isDirect: false, membership: 'join', unread: 0, mentions: 0, lastActivity: 0, ...partial };
}

export function fakeChatClient(userId = '@me:test'): FakeChatClient {
  const listeners = new Set<() => void>();
  const liveListeners = new Set<(roomId: string, event: RawEvent) => void>();
  const fake: FakeChatClient = {
    userId,
    rooms: [],
    events: new Map(),
    context: new Map(),
    sent: [],
    calls: [],
    emit: () => listeners.forEach((l) => l()),
    live: (roomId, e) => liveListeners.forEach((l) => l(roomId, e)),
    start: async () => undefined,
    stop: () => undefined,
    onSessionEnded: () => () => undefined,
    onChange: (l) => (listeners.add(l), () => listeners.delete(l)),
    onLiveEvent: (l) => (liveListeners.add(l), () => liveListeners.delete(l)),
    listRooms: () => fake.rooms,
    timeline: (roomId) => fake.events.get(roomId) ?? [],
    contextAround: async (roomId, eventId) => {
      const events = fake.events.get(roomId) ?? [];
      if (events.some((e) => e.eventId === eventId)) return { live: true, events };
      const context = fake.context.get(eventId);
      if (!context) throw new Error(`Unknown event ${eventId}`);
      return { live: false, events: context };
    },
    paginateBack: async () => false,
    members: () => [],
    typing: () => [],
    readUpTo: () => null,
    receipts: new Map(),
    readReceipts: (roomId) => fake.receipts.get(roomId) ?? [],
    sendTyping: (roomId, typing) => void fake.calls.push(`typing ${roomId} ${typing}`),
    displayName: (id) => (id === userId ? 'Me' : id),
    send: (roomId, content, replyTo) => void fake.sent.push({ roomId, content, ...(replyTo ? { replyTo } : {}) }),
    edit: async (roomId, eventId, content) => void fake.calls.push(`edit ${roomId} ${eventId} ${content.body}`),
    redact: async (roomId, eventId) => void fake.calls.push(`redact ${roomId} ${eventId}`),
    react: async (roomId, eventId, key) => void fake.calls.push(`react ${roomId} ${eventId} ${key}`),
    retry: (roomId, key) => void fake.calls.push(`retry ${roomId} ${key}`),
    markRead: async (roomId) => void fake.calls.push(`read ${roomId}`),
    join: async (alias) => (fake.calls.push(`join ${alias}`), '!joined:test'),
    leave: async (roomId) => void fake.calls.push(`leave ${roomId}`),
    invite: async (roomId, user) => void fake.calls.push(`invite ${roomId} ${user}`),
    setTopic: async (roomId, topic) => void fake.calls.push(`topic ${roomId} ${topic}`),
    createRoom: async () => '!new:test',
    searchPublicRooms: async () => [],
    searchUsers: async () => [],
    openDirect: async (ids) => (fake.calls.push(`direct ${ids.join(',')}`), '!dm:test'),
    logout: async () => undefined,
    uploads: [],
    upload: (file, options) =>
      new Promise((resolve, reject) => {
        const upload = { file, options, resolve, reject };
        fake.uploads.push(upload);
        options.signal.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
      }),
    attachments: [],
    sendAttachment: (roomId, content) => void fake.attachments.push({ roomId, content }),
    fetchMedia: async (mxc, thumbnail) => new Blob([`${mxc}${thumbnail ? ` ${thumbnail.width}x${thumbnail.height}` : ''}`]),
  };
  return fake;
}
