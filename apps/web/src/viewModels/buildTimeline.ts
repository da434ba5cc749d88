// Turns the raw events of a room into what the timeline shows: relations aggregated (edits, reactions, deletions),
// replies resolved to their origin, messages grouped by sender and time, and day dividers between days.
import type { RawEvent, SendStatus } from '../matrix/ChatClient.ts';
import { strings } from '../strings.ts';
import { parseAttachment, type Attachment } from './attachment.ts';

export interface Reaction {
  key: string;
  count: number;
  senders: string[];
  /** The event ID of our own reaction with this key, to undo it. */
  mine: string | null;
}

export interface ReplyOrigin {
  eventId: string;
  senderName: string;
  body: string;
}

export interface MessageItem {
  kind: 'message';
  key: string;
  eventId: string | null;
  sender: string;
  senderName: string;
  ts: number;
  time: string;
  msgtype: string;
  body: string;
  formattedBody: string | null;
  status: SendStatus;
  edited: boolean;
  redacted: boolean;
  own: boolean;
  mentionsMe: boolean;
  replyTo: ReplyOrigin | null;
  reactions: Reaction[];
  /** First message of a run by one sender: shows the sender's name. */
  firstInGroup: boolean;
  /** Other members whose read receipt is at this message (set by attachReceipts). */
  readBy?: { userId: string; displayName: string }[];
  /** The image or file of an m.image / m.file message. */
  attachment?: Attachment | null;
}

export interface DayItem {
  kind: 'day';
  key: string;
  label: string;
}

export interface NoticeItem {
  kind: 'notice';
  key: string;
  ts: number;
  time: string;
  text: string;
}

/** The "New messages" line: everything after it arrived since the user last read the room. */
export interface UnreadLineItem {
  kind: 'unread';
  key: 'unread-line';
}

export type TimelineItem = MessageItem | DayItem | NoticeItem | UnreadLineItem;

export interface TimeFormat {
  time(ts: number): string;
  day(ts: number): string;
  dayKey(ts: number): string;
}

export const localTimeFormat: TimeFormat = {
  time: (ts) => new Date(ts).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }),
  day: (ts) => new Date(ts).toLocaleDateString(undefined, { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric' }),
  dayKey: (ts) => new Date(ts).toDateString(),
};

/** Messages from one sender closer together than this share a group. */
export const GROUP_GAP_MS = 5 * 60 * 1000;

interface Relates {
  rel_type?: string;
  event_id?: string;
  key?: string;
  'm.in_reply_to'?: { event_id?: string };
}

function relatesTo(event: RawEvent): Relates {
  const r = event.content['m.relates_to'];
  return typeof r === 'object' && r !== null ? (r as Relates) : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** Removes the reply fallback ("> <@a:b> quoted" lines then a blank line) that older clients prepend. */
export function stripReplyFallback(body: string): string {
  const lines = body.split('\n');
  let i = 0;
  while (i < lines.length && lines[i]!.startsWith('>')) i++;
  if (i === 0) return body;
  if (lines[i] === '') i++;
  return lines.slice(i).join('\n');
}

export function stripHtmlReplyFallback(html: string): string {
  return html.replace(/^<mx-reply>[\s\S]*?<\/mx-reply>/, '');
}

export function mentionsUser(content: Record<string, unknown>, userId: string, displayName: string): boolean {
  const mentions = content['m.mentions'];
  if (typeof mentions === 'object' && mentions !== null) {
    const ids = (mentions as { user_ids?: unknown }).user_ids;
    if (Array.isArray(ids) && ids.includes(userId)) return true;
  }
  const body = str(content.body).toLowerCase();
  const localpart = userId.replace(/^@/, '').split(':')[0]!.toLowerCase();
  return body.includes(userId.toLowerCase()) || (displayName !== '' && body.includes(displayName.toLowerCase())) || new RegExp(`\\b${escapeRegExp(localpart)}\\b`).test(body);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function noticeText(event: RawEvent, previous: RawEvent | undefined): string | null {
  const who = event.senderName;
  if (event.type === 'm.room.member') {
    const membership = str(event.content.membership);
    const target = str(event.content.displayname) || who;
    if (membership === 'join') return str(previous?.content.membership) === 'join' ? null : strings.timeline.joined(target);
    if (membership === 'leave') return strings.timeline.left(target);
    if (membership === 'invite') return strings.timeline.invited(who, target);
    return null;
  }
  if (event.type === 'm.room.topic') return strings.timeline.topicChanged(who, str(event.content.topic));
  if (event.type === 'm.room.name') return strings.timeline.renamed(who, str(event.content.name));
  if (event.type === 'm.room.create') return strings.timeline.created(who);
  return null;
}

export function buildTimeline(
  events: readonly RawEvent[],
  me: { userId: string; displayName: string },
  format: TimeFormat = localTimeFormat,
  /** Event ID the user had read up to when the room was opened: the "New messages" line goes after it. */
  readUpTo: string | null = null,
): TimelineItem[] {
  const byId = new Map<string, RawEvent>();
  const edits = new Map<string, RawEvent>();
  const reactions = new Map<string, Map<string, { senders: string[]; mine: string | null }>>();
  for (const event of events) {
    if (event.eventId) byId.set(event.eventId, event);
    const rel = relatesTo(event);
    if (event.type === 'm.room.message' && rel.rel_type === 'm.replace' && rel.event_id && !event.redacted) edits.set(rel.event_id, event);
    if (event.type === 'm.reaction' && rel.rel_type === 'm.annotation' && rel.event_id && rel.key && !event.redacted) {
      const forTarget = reactions.get(rel.event_id) ?? new Map<string, { senders: string[]; mine: string | null }>();
      const entry = forTarget.get(rel.key) ?? { senders: [], mine: null };
      if (!entry.senders.includes(event.senderName)) entry.senders.push(event.senderName);
      if (event.sender === me.userId) entry.mine = event.eventId ?? event.key;
      forTarget.set(rel.key, entry);
      reactions.set(rel.event_id, forTarget);
    }
  }

  const items: TimelineItem[] = [];
  const lastMembership = new Map<string, RawEvent>();
  let lastDay = '';
  let lastMessage: MessageItem | null = null;
  let unreadPending = false;
  let previousWasRead = false;
  for (const event of events) {
    // The line goes before the first message from someone else after the read event.
    if (previousWasRead) unreadPending = true;
    previousWasRead = readUpTo !== null && event.eventId === readUpTo;
    const day = format.dayKey(event.ts);
    const isMessage = event.type === 'm.room.message' && relatesTo(event).rel_type !== 'm.replace';
    const notice = isMessage ? null : noticeText(event, event.type === 'm.room.member' ? lastMembership.get(event.stateKey ?? '') : undefined);
    if (event.type === 'm.room.member') lastMembership.set(event.stateKey ?? '', event);
    if (!isMessage && notice === null) continue;
    if (day !== lastDay) {
      items.push({ kind: 'day', key: `day-${day}`, label: format.day(event.ts) });
      lastDay = day;
      lastMessage = null;
    }
    if (!isMessage) {
      items.push({ kind: 'notice', key: event.key, ts: event.ts, time: format.time(event.ts), text: notice! });
      lastMessage = null;
      continue;
    }
    if (unreadPending && event.sender !== me.userId) {
      items.push({ kind: 'unread', key: 'unread-line' });
      unreadPending = false;
      lastMessage = null;
    }
    const edit = event.eventId ? edits.get(event.eventId) : undefined;
    const edited = edit !== undefined && edit.sender === event.sender;
    const content = edited ? ((edit.content['m.new_content'] as Record<string, unknown> | undefined) ?? edit.content) : event.content;
    const rel = relatesTo(event);
    const replyId = rel['m.in_reply_to']?.event_id;
    const origin = replyId ? byId.get(replyId) : undefined;
    const originBody = origin
      ? str(((origin.eventId && edits.get(origin.eventId)?.content['m.new_content']) as Record<string, unknown> | undefined)?.body) || str(origin.content.body)
      : '';
    const html = content.format === 'org.matrix.custom.html' ? str(content.formatted_body) : '';
    const item: MessageItem = {
      kind: 'message',
      key: event.key,
      eventId: event.eventId,
      sender: event.sender,
      senderName: event.senderName,
      ts: event.ts,
      time: format.time(event.ts),
      msgtype: str(content.msgtype) || 'm.text',
      body: event.redacted ? strings.timeline.deleted : replyId ? stripReplyFallback(str(content.body)) : str(content.body),
      formattedBody: event.redacted || !html ? null : replyId ? stripHtmlReplyFallback(html) : html,
      status: event.status,
      edited: edited && !event.redacted,
      redacted: event.redacted,
      own: event.sender === me.userId,
      mentionsMe: event.sender !== me.userId && !event.redacted && mentionsUser(content, me.userId, me.displayName),
      replyTo: replyId
        ? {
            eventId: replyId,
            senderName: origin?.senderName ?? '',
            body: origin ? (origin.redacted ? strings.timeline.deleted : stripReplyFallback(originBody)) : strings.timeline.replyUnavailable,
          }
        : null,
      reactions:
        event.eventId && !event.redacted
          ? [...(reactions.get(event.eventId) ?? new Map())].map(([key, r]) => ({ key, count: r.senders.length, senders: r.senders, mine: r.mine }))
          : [],
      attachment: event.redacted ? null : parseAttachment(content),
      firstInGroup: !(lastMessage && lastMessage.sender === event.sender && event.ts - lastMessage.ts < GROUP_GAP_MS),
    };
    items.push(item);
    lastMessage = item;
  }
  return items;
}
