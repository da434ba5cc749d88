import { describe, expect, it } from 'vitest';
import { buildTimeline, type MessageItem, type TimeFormat } from '../src/viewModels/buildTimeline.ts';
import { event } from './fakeChatClient.ts';

const utc: TimeFormat = {
  time: (ts) => new Date(ts).toISOString().slice(11, 16),
  day: (ts) => new Date(ts).toISOString().slice(0, 10),
  dayKey: (ts) => new Date(ts).toISOString().slice(0, 10),
};
const me = { userId: '@me:test', displayName: 'Me' };
const T = Date.UTC(2026, 0, 1, 10, 0);
const messages = (items: ReturnType<typeof buildTimeline>) => items.filter((i): i is MessageItem => i.kind === 'message');

describe('buildTimeline', () => {
  it('groups messages by sender within five minutes and puts a day divider between days', () => {
    const items = buildTimeline(
      [
        event({ sender: '@a:test', ts: T }),
        event({ sender: '@a:test', ts: T + 60_000 }),
        event({ sender: '@b:test', ts: T + 120_000 }),
        event({ sender: '@b:test', ts: T + 120_000 + 6 * 60_000 }),
        event({ sender: '@b:test', ts: T + 86_400_000 }),
      ],
      me,
      utc,
    );
    expect(items.map((i) => (i.kind === 'day' ? `day ${i.label}` : i.kind === 'message' ? `${i.senderName}${i.firstInGroup ? '*' : ''}` : i.kind))).toEqual([
      'day 2026-01-01',
      'a*',
      'a',
      'b*',
      'b*',
      'day 2026-01-02',
      'b*',
    ]);
  });

  it('applies the latest edit by the same sender and marks it edited; ignores edits by others', () => {
    const original = event({ sender: '@a:test', ts: T, content: { msgtype: 'm.text', body: 'teh' } });
    const edit = (sender: string, body: string) =>
      event({
        sender,
        ts: T + 1,
        content: { msgtype: 'm.text', body: `* ${body}`, 'm.new_content': { msgtype: 'm.text', body }, 'm.relates_to': { rel_type: 'm.replace', event_id: original.eventId } },
      });
    const [m] = messages(buildTimeline([original, edit('@a:test', 'the'), edit('@evil:test', 'pwned')], me, utc));
    expect(m).toMatchObject({ body: 'teh', edited: false });
    const [fixed] = messages(buildTimeline([original, edit('@a:test', 'the')], me, utc));
    expect(fixed).toMatchObject({ body: 'the', edited: true });
  });

  it('aggregates reactions with who reacted and our own reaction to undo', () => {
    const target = event({ sender: '@a:test', ts: T });
    const react = (sender: string, key: string) =>
      event({ sender, ts: T + 1, type: 'm.reaction', content: { 'm.relates_to': { rel_type: 'm.annotation', event_id: target.eventId, key } } });
    const mine = react('@me:test', '👍');
    const [m] = messages(buildTimeline([target, react('@b:test', '👍'), mine, react('@b:test', '🎉')], me, utc));
    expect(m!.reactions).toEqual([
      { key: '👍', count: 2, senders: ['b', 'me'], mine: mine.eventId },
      { key: '🎉', count: 1, senders: ['b'], mine: null },
    ]);
  });

  it('shows deleted messages as deleted, without their text', () => {
    const [m] = messages(buildTimeline([event({ sender: '@a:test', ts: T, redacted: true, content: {} })], me, utc));
    expect(m).toMatchObject({ body: 'Message deleted', redacted: true, formattedBody: null });
    const target = event({ sender: '@a:test', ts: T, redacted: true, content: {} });
    const reaction = event({ sender: '@b:test', ts: T + 1, type: 'm.reaction', content: { 'm.relates_to': { rel_type: 'm.annotation', event_id: target.eventId, key: '👍' } } });
    expect(messages(buildTimeline([target, reaction], me, utc))[0]!.reactions).toEqual([]);
  });

  it('resolves a reply to its origin and strips the reply fallback', () => {
    const origin = event({ sender: '@a:test', ts: T, content: { msgtype: 'm.text', body: 'Deploy at 5?' } });
    const reply = event({
      sender: '@b:test',
      ts: T + 1,
      content: { msgtype: 'm.text', body: '> <@a:test> Deploy at 5?\n\nYes', 'm.relates_to': { 'm.in_reply_to': { event_id: origin.eventId } } },
    });
    const [, r] = messages(buildTimeline([origin, reply], me, utc));
    expect(r).toMatchObject({ body: 'Yes', replyTo: { eventId: origin.eventId, senderName: 'a', body: 'Deploy at 5?' } });
  });

  it('keys pending sends by transaction ID and keeps their status', () => {
    const pending = event({ sender: '@me:test', ts: T, key: 'txn1', eventId: null, status: 'failed' });
    const [m] = messages(buildTimeline([pending], me, utc));
    expect(m).toMatchObject({ key: 'txn1', status: 'failed', own: true });
  });

  it('puts the "New messages" line before the first message from others after the read event', () => {
    const read = event({ sender: '@a:test', ts: T });
    const mine = event({ sender: '@me:test', ts: T + 1 });
    const theirs = event({ sender: '@b:test', ts: T + 2 });
    const later = event({ sender: '@b:test', ts: T + 3 });
    const kinds = (readUpTo: string | null | undefined) => buildTimeline([read, mine, theirs, later], me, utc, readUpTo).map((i) => (i.kind === 'message' ? i.senderName : i.kind));
    expect(kinds(read.eventId)).toEqual(['day', 'a', 'me', 'unread', 'b', 'b']);
    expect(kinds(later.eventId)).toEqual(['day', 'a', 'me', 'b', 'b']);
    expect(kinds(null)).toEqual(['day', 'a', 'me', 'b', 'b']);
  });

  it('flags messages that mention me by m.mentions or by name', () => {
    const a = event({ sender: '@a:test', ts: T, content: { msgtype: 'm.text', body: 'ping', 'm.mentions': { user_ids: ['@me:test'] } } });
    const b = event({ sender: '@a:test', ts: T + 1, content: { msgtype: 'm.text', body: 'hey Me, look' } });
    const c = event({ sender: '@a:test', ts: T + 2, content: { msgtype: 'm.text', body: 'nothing here' } });
    expect(messages(buildTimeline([a, b, c], me, utc)).map((m) => m.mentionsMe)).toEqual([true, true, false]);
  });
});
