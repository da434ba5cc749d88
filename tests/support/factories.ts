import type { TestUser } from './client.ts';

let txn = 0;
export function nextTxnId(): string {
  txn += 1;
  return `t${Date.now()}_${txn}`;
}

/** Creates a room through the API and returns its ID. */
export async function createRoom(user: TestUser, body: Record<string, unknown> = {}): Promise<string> {
  const res = await user.api.post('/createRoom', body);
  if (res.status !== 200) throw new Error(`createRoom failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.room_id as string;
}

export async function sendText(user: TestUser, roomId: string, body: string, txnId = nextTxnId()): Promise<string> {
  const res = await user.api.put(`/rooms/${encodeURIComponent(roomId)}/send/m.room.message/${txnId}`, { msgtype: 'm.text', body });
  if (res.status !== 200) throw new Error(`send failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.event_id as string;
}

export async function join(user: TestUser, roomId: string): Promise<void> {
  const res = await user.api.post(`/rooms/${encodeURIComponent(roomId)}/join`, {});
  if (res.status !== 200) throw new Error(`join failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export async function invite(user: TestUser, roomId: string, userId: string): Promise<void> {
  const res = await user.api.post(`/rooms/${encodeURIComponent(roomId)}/invite`, { user_id: userId });
  if (res.status !== 200) throw new Error(`invite failed: ${res.status} ${JSON.stringify(res.body)}`);
}

export const r = encodeURIComponent;
