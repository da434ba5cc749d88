import type { AppDeps } from '../deps.ts';
import { allocateStreamPosition } from '../storage/repos/events.ts';
import { upsertAccountData } from '../storage/repos/accountData.ts';

export interface AccountDataInput {
  userId: string;
  /** null for global account data. */
  roomId: string | null;
  type: string;
  content: Record<string, unknown>;
}

/** Stores one account data event at a new stream position and wakes the user's /sync. */
export async function setAccountData(deps: AppDeps, input: AccountDataInput): Promise<number> {
  const stream = await deps.database.transaction(async (tx) => {
    const position = await allocateStreamPosition(tx);
    await upsertAccountData(tx, { user_id: input.userId, room_id: input.roomId ?? '', type: input.type, content: JSON.stringify(input.content), stream: position });
    return position;
  });
  deps.notifier.notify(stream, [input.userId], ['account_data']);
  return stream;
}
