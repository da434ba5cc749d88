import assert from 'node:assert/strict';
import type { TestUser } from '../../support/client.ts';
import { nextTxnId, r } from '../../support/factories.ts';

/** Sends an event of any type and content, asserting success; returns its ID. */
export async function send(user: TestUser, roomId: string, content: Record<string, unknown>, type = 'm.room.message'): Promise<string> {
  const res = await user.api.put(`/rooms/${r(roomId)}/send/${r(type)}/${nextTxnId()}`, content);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.event_id as string;
}

export const text = (body: string): Record<string, unknown> => ({ msgtype: 'm.text', body });

export const threadReply = (rootId: string, body: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  msgtype: 'm.text',
  body,
  'm.relates_to': { rel_type: 'm.thread', event_id: rootId, ...extra },
});

export const edit = (targetId: string, body: string): Record<string, unknown> => ({
  msgtype: 'm.text',
  body: `* ${body}`,
  'm.new_content': { msgtype: 'm.text', body },
  'm.relates_to': { rel_type: 'm.replace', event_id: targetId },
});

export const reaction = (targetId: string, key: string): Record<string, unknown> => ({ 'm.relates_to': { rel_type: 'm.annotation', event_id: targetId, key } });

export const reference = (targetId: string, body: string): Record<string, unknown> => ({
  msgtype: 'm.text',
  body,
  'm.relates_to': { rel_type: 'm.reference', event_id: targetId },
});

export async function redact(user: TestUser, roomId: string, eventId: string): Promise<void> {
  const res = await user.api.put(`/rooms/${r(roomId)}/redact/${r(eventId)}/${nextTxnId()}`, {});
  assert.equal(res.status, 200, JSON.stringify(res.body));
}

/** GET /_matrix/client/v1/rooms/{roomId}/relations/{eventId}[/...]: path segments after the event ID and a query string. */
export async function relations(user: TestUser, roomId: string, eventId: string, rest = '', query = ''): Promise<any> {
  const res = await user.api.get(`/_matrix/client/v1/rooms/${r(roomId)}/relations/${r(eventId)}${rest}${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

export async function threads(user: TestUser, roomId: string, query = ''): Promise<any> {
  const res = await user.api.get(`/_matrix/client/v1/rooms/${r(roomId)}/threads${query}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

export async function getEvent(user: TestUser, roomId: string, eventId: string): Promise<any> {
  const res = await user.api.get(`/rooms/${r(roomId)}/event/${r(eventId)}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

export const ids = (chunk: Array<{ event_id: string }>): string[] => chunk.map((e) => e.event_id);
