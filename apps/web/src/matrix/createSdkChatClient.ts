// The ChatClient port implemented with matrix-js-sdk. This module (and the SDK) is loaded with a dynamic import after
// sign-in, so neither is in the initial bundle; end-to-end crypto (initRustCrypto) is not started in part 1.
import {
  ClientEvent,
  createClient,
  EventStatus,
  EventType,
  HttpApiEvent,
  NotificationCountType,
  PendingEventOrdering,
  Preset,
  RoomEvent,
  RoomMemberEvent,
  RoomStateEvent,
  UserEvent,
  Visibility,
  type MatrixClient,
  type MatrixEvent,
  type Room,
} from 'matrix-js-sdk';
import type { Session } from './AuthApi.ts';
import { SessionEndedError, type ChatClient, type Member, type MessageContent, type Presence, type RawEvent, type RoomInfo, type SendStatus } from './ChatClient.ts';

/** How long a typing notification lasts on the server; the composer renews it while the user keeps typing. */
const TYPING_TIMEOUT_MS = 6000;

function statusOf(event: MatrixEvent): SendStatus {
  if (event.status === null || event.status === EventStatus.SENT) return 'sent';
  if (event.status === EventStatus.NOT_SENT) return 'failed';
  return 'sending';
}

function toRaw(event: MatrixEvent): RawEvent {
  const status = statusOf(event);
  const txnId = (event.getUnsigned().transaction_id as string | undefined) ?? event.getTxnId();
  const id = event.getId() ?? null;
  return {
    key: txnId ?? id ?? `${event.getTs()}`,
    eventId: status === 'sent' && id && !id.startsWith('~') ? id : null,
    type: event.getType(),
    stateKey: event.getStateKey() ?? null,
    sender: event.getSender() ?? '',
    senderName: event.sender?.name ?? event.getSender() ?? '',
    ts: event.getTs(),
    content: event.getContent(),
    status,
    redacted: event.isRedacted(),
  };
}

function wire(content: MessageContent): Record<string, unknown> {
  const wired: Record<string, unknown> = { msgtype: content.msgtype, body: content.body };
  if (content.formattedBody !== undefined) Object.assign(wired, { format: 'org.matrix.custom.html', formatted_body: content.formattedBody });
  if (content.mentions !== undefined) wired['m.mentions'] = { user_ids: content.mentions };
  return wired;
}

function slug(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^a-z0-9._=-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
}

export async function createSdkChatClient(session: Session): Promise<ChatClient> {
  const sdk: MatrixClient = createClient({
    baseUrl: session.homeserverUrl,
    accessToken: session.accessToken,
    userId: session.userId,
    deviceId: session.deviceId,
    timelineSupport: true,
  });
  const membersLoaded = new Set<string>();
  const changeListeners = new Set<() => void>();
  const liveListeners = new Set<(roomId: string, event: RawEvent) => void>();
  let scheduled = false;
  const changed = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(() => {
      scheduled = false;
      for (const listener of changeListeners) listener();
    });
  };

  const directRoomIds = (): Set<string> => {
    const content = (sdk.getAccountData(EventType.Direct)?.getContent() ?? {}) as Record<string, string[]>;
    return new Set(Object.values(content).flat());
  };
  const room = (roomId: string): Room => {
    const r = sdk.getRoom(roomId);
    if (!r) throw new Error(`Unknown room ${roomId}`);
    return r;
  };
  const presenceOf = (userId: string): Presence => {
    const p = sdk.getUser(userId)?.presence;
    return p === 'online' || p === 'unavailable' ? p : 'offline';
  };

  sdk.on(RoomEvent.Timeline, (event, r, toStart, _removed, data) => {
    changed();
    if (r && !toStart && data.liveEvent && !event.status) for (const listener of liveListeners) listener(r.roomId, toRaw(event));
  });
  for (const name of [
    RoomEvent.LocalEchoUpdated,
    RoomEvent.Name,
    RoomEvent.Receipt,
    RoomEvent.UnreadNotifications,
    RoomEvent.MyMembership,
    RoomEvent.Redaction,
    RoomEvent.TimelineReset,
    ClientEvent.Room,
    ClientEvent.DeleteRoom,
    ClientEvent.AccountData,
    RoomStateEvent.Events,
    RoomStateEvent.Members,
    RoomMemberEvent.Name,
    RoomMemberEvent.Typing,
    UserEvent.Presence,
  ] as const) {
    sdk.on(name as never, changed as never);
  }

  const client: ChatClient = {
    userId: session.userId,
    async start() {
      const ready = new Promise<void>((resolve, reject) => {
        const onSync = (state: string) => {
          if (state !== 'PREPARED' && state !== 'SYNCING') return;
          sdk.off(ClientEvent.Sync, onSync);
          resolve();
        };
        sdk.on(ClientEvent.Sync, onSync);
        sdk.once(HttpApiEvent.SessionLoggedOut, () => reject(new SessionEndedError('The session has ended')));
      });
      await sdk.startClient({ initialSyncLimit: 30, lazyLoadMembers: true, pendingEventOrdering: PendingEventOrdering.Detached });
      await ready;
      changed();
    },
    stop() {
      sdk.stopClient();
    },
    onSessionEnded(listener) {
      const handler = () => {
        sdk.stopClient();
        listener();
      };
      sdk.once(HttpApiEvent.SessionLoggedOut, handler);
      return () => sdk.off(HttpApiEvent.SessionLoggedOut, handler);
    },
    onChange(listener) {
      changeListeners.add(listener);
      return () => changeListeners.delete(listener);
    },
    onLiveEvent(listener) {
      liveListeners.add(listener);
      return () => liveListeners.delete(listener);
    },
    listRooms() {
      const directs = directRoomIds();
      return sdk
        .getRooms()
        .filter((r) => r.getMyMembership() === 'join' || r.getMyMembership() === 'invite')
        .map((r): RoomInfo => ({
          roomId: r.roomId,
          name: r.name,
          topic: (r.currentState.getStateEvents(EventType.RoomTopic, '')?.getContent().topic as string | undefined) ?? '',
          alias: r.getCanonicalAlias(),
          isDirect: directs.has(r.roomId) || (r.getMyMembership() === 'invite' && r.getDMInviter() !== undefined),
          membership: r.getMyMembership() === 'invite' ? 'invite' : 'join',
          unread: r.getUnreadNotificationCount(NotificationCountType.Total) ?? 0,
          mentions: r.getUnreadNotificationCount(NotificationCountType.Highlight) ?? 0,
          lastActivity: r.getLastActiveTimestamp(),
        }));
    },
    timeline(roomId) {
      const r = sdk.getRoom(roomId);
      if (!r) return [];
      return [...r.getLiveTimeline().getEvents(), ...r.getPendingEvents()].filter((e) => e.status !== EventStatus.CANCELLED).map(toRaw);
    },
    async contextAround(roomId, eventId) {
      const r = room(roomId);
      const found = await sdk.getEventTimeline(r.getUnfilteredTimelineSet(), eventId);
      if (!found) throw new Error(`Unknown event ${eventId}`);
      const live = found === r.getLiveTimeline();
      return { live, events: found.getEvents().map(toRaw) };
    },
    async paginateBack(roomId) {
      const more = await sdk.paginateEventTimeline(room(roomId).getLiveTimeline(), { backwards: true, limit: 30 });
      changed();
      return more;
    },
    members(roomId) {
      const r = sdk.getRoom(roomId);
      if (!r) return [];
      if (!membersLoaded.has(roomId)) {
        membersLoaded.add(roomId);
        void r.loadMembersIfNeeded().then(changed, () => membersLoaded.delete(roomId));
      }
      return r
        .getMembers()
        .filter((m) => m.membership === 'join' || m.membership === 'invite')
        .map((m): Member => ({
          userId: m.userId,
          displayName: m.name,
          membership: m.membership === 'invite' ? 'invite' : 'join',
          presence: presenceOf(m.userId),
          powerLevel: m.powerLevel,
        }))
        .sort((a, b) => b.powerLevel - a.powerLevel || a.displayName.localeCompare(b.displayName));
    },
    readReceipts(roomId) {
      const r = sdk.getRoom(roomId);
      if (!r) return [];
      return r.getJoinedMembers().flatMap((m) => {
        if (m.userId === session.userId) return [];
        // Including the receipt the SDK synthesises at a member's own newest event: they have read what they sent.
        const eventId = r.getEventReadUpTo(m.userId);
        return eventId ? [{ userId: m.userId, displayName: m.name, eventId }] : [];
      });
    },
    readUpTo(roomId) {
      return sdk.getRoom(roomId)?.getEventReadUpTo(session.userId) ?? null;
    },
    typing(roomId) {
      const r = sdk.getRoom(roomId);
      return r
        ? r
            .getMembers()
            .filter((m) => m.typing && m.userId !== session.userId)
            .map((m) => m.name)
        : [];
    },
    sendTyping(roomId, typing) {
      sdk.sendTyping(roomId, typing, TYPING_TIMEOUT_MS).catch(() => undefined);
    },
    displayName(userId) {
      return sdk.getUser(userId)?.displayName ?? userId;
    },
    send(roomId, content, replyTo) {
      const body: Record<string, unknown> = wire(content);
      if (replyTo) body['m.relates_to'] = { 'm.in_reply_to': { event_id: replyTo } };
      // Failures show on the event itself (status NOT_SENT, "failed — retry"); nothing to throw here.
      sdk.sendEvent(roomId, EventType.RoomMessage, body as never).catch(() => changed());
      changed();
    },
    async edit(roomId, eventId, content) {
      const next = wire(content);
      await sdk.sendEvent(roomId, EventType.RoomMessage, {
        ...next,
        body: `* ${content.body}`,
        ...(content.formattedBody !== undefined ? { formatted_body: `* ${content.formattedBody}` } : {}),
        'm.new_content': next,
        'm.relates_to': { rel_type: 'm.replace', event_id: eventId },
      } as never);
    },
    async redact(roomId, eventId) {
      await sdk.redactEvent(roomId, eventId);
    },
    async react(roomId, eventId, key) {
      await sdk.sendEvent(roomId, EventType.Reaction, { 'm.relates_to': { rel_type: 'm.annotation', event_id: eventId, key } } as never);
    },
    retry(roomId, key) {
      const r = room(roomId);
      const event = r.getPendingEvents().find((e) => e.getTxnId() === key);
      if (event) sdk.resendEvent(event, r).catch(() => changed());
    },
    async markRead(roomId) {
      const r = sdk.getRoom(roomId);
      const events = r?.getLiveTimeline().getEvents() ?? [];
      const last = [...events].reverse().find((e) => !e.status && e.getId() && !e.getId()!.startsWith('~'));
      if (!r || !last) return;
      if (r.getUnreadNotificationCount(NotificationCountType.Total) === 0 && r.hasUserReadEvent(session.userId, last.getId()!)) return;
      await sdk.sendReadReceipt(last);
    },
    async join(roomIdOrAlias) {
      // Accepting a direct-message invitation records the room in m.direct, so it lists under Direct messages.
      const inviter = sdk.getRoom(roomIdOrAlias)?.getDMInviter();
      const r = await sdk.joinRoom(roomIdOrAlias);
      if (inviter) {
        const direct = (sdk.getAccountData(EventType.Direct)?.getContent() ?? {}) as Record<string, string[]>;
        if (!direct[inviter]?.includes(r.roomId)) await sdk.setAccountData(EventType.Direct, { ...direct, [inviter]: [...(direct[inviter] ?? []), r.roomId] } as never);
      }
      return r.roomId;
    },
    async leave(roomId) {
      await sdk.leave(roomId);
    },
    async invite(roomId, userId) {
      await sdk.invite(roomId, userId);
    },
    async setTopic(roomId, topic) {
      await sdk.setRoomTopic(roomId, topic);
    },
    async createRoom({ name, topic, isPublic }) {
      const options = {
        name,
        ...(topic ? { topic } : {}),
        visibility: isPublic ? Visibility.Public : Visibility.Private,
        preset: isPublic ? Preset.PublicChat : Preset.PrivateChat,
      };
      const alias = slug(name);
      if (isPublic && alias) {
        try {
          return (await sdk.createRoom({ ...options, room_alias_name: alias })).room_id;
        } catch (err) {
          if ((err as { errcode?: string }).errcode !== 'M_ROOM_IN_USE') throw err;
        }
      }
      return (await sdk.createRoom(options)).room_id;
    },
    async searchPublicRooms(term) {
      const res = await sdk.publicRooms({ limit: 50, ...(term ? { filter: { generic_search_term: term } } : {}) });
      return res.chunk.map((r) => ({
        roomId: r.room_id,
        name: r.name ?? r.canonical_alias ?? r.room_id,
        topic: r.topic ?? '',
        alias: r.canonical_alias ?? null,
        members: r.num_joined_members,
      }));
    },
    async searchUsers(term) {
      const res = await sdk.searchUserDirectory({ term, limit: 20 });
      return res.results.filter((u) => u.user_id !== session.userId).map((u) => ({ userId: u.user_id, displayName: u.display_name ?? u.user_id }));
    },
    async openDirect(userIds) {
      const direct = (sdk.getAccountData(EventType.Direct)?.getContent() ?? {}) as Record<string, string[]>;
      const wanted = [...userIds].sort().join(' ');
      const existing = sdk.getRooms().find((r) => {
        if (r.getMyMembership() !== 'join' || !directRoomIds().has(r.roomId)) return false;
        const others = r.getMembers().filter((m) => m.userId !== session.userId && (m.membership === 'join' || m.membership === 'invite'));
        return (
          others
            .map((m) => m.userId)
            .sort()
            .join(' ') === wanted
        );
      });
      if (existing) return existing.roomId;
      const { room_id } = await sdk.createRoom({ is_direct: true, invite: userIds, preset: Preset.TrustedPrivateChat, visibility: Visibility.Private });
      const next = { ...direct };
      for (const id of userIds) next[id] = [...(next[id] ?? []), room_id];
      await sdk.setAccountData(EventType.Direct, next as never);
      return room_id;
    },
    async upload(file, { name, type, onProgress, signal }) {
      const abortController = new AbortController();
      signal.addEventListener('abort', () => abortController.abort(), { once: true });
      const res = await sdk.uploadContent(file, { name, type, progressHandler: ({ loaded, total }) => onProgress(loaded, total), abortController });
      return res.content_uri;
    },
    sendAttachment(roomId, content) {
      sdk.sendEvent(roomId, EventType.RoomMessage, content as never).catch(() => changed());
      changed();
    },
    async fetchMedia(mxc, thumbnail) {
      const m = /^mxc:\/\/([^/]+)\/([^/?#]+)$/.exec(mxc);
      if (!m) throw new Error(`Not a media URI: ${mxc}`);
      const path = `${encodeURIComponent(m[1]!)}/${encodeURIComponent(m[2]!)}`;
      const url = thumbnail
        ? `${session.homeserverUrl}/_matrix/client/v1/media/thumbnail/${path}?width=${thumbnail.width}&height=${thumbnail.height}&method=scale`
        : `${session.homeserverUrl}/_matrix/client/v1/media/download/${path}`;
      const res = await fetch(url, { headers: { Authorization: `Bearer ${session.accessToken}` } });
      if (!res.ok) throw new Error(`Media ${res.status}`);
      return res.blob();
    },
    async logout() {
      sdk.stopClient();
      await sdk.logout(true).catch(() => undefined);
    },
  };
  return client;
}
