import type { AppDeps } from '../deps.ts';
import { commitChanges } from '../feed/commitChanges.ts';
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
  return commitChanges(deps, async (tx, feed) => {
    const position = await feed.position();
    await upsertAccountData(tx, { user_id: input.userId, room_id: input.roomId ?? '', type: input.type, content: JSON.stringify(input.content), stream: position });
    feed.emit({ kind: 'account_data', userId: input.userId, roomId: input.roomId, type: input.type });
    return position;
  });
}
