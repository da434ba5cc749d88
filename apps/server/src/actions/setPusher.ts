import type { AppDeps } from '../deps.ts';
import { forbidden } from '../errors/MatrixError.ts';
import { commitChanges } from '../feed/commitChanges.ts';
import { countPushers, deleteOtherUsersPushers, deletePusher, MAX_PUSHERS_PER_USER, upsertPusher, type PusherRow } from '../storage/repos/pushers.ts';

/** A checked POST /pushers/set: `pusher` null deletes the user's pusher for (appId, pushkey). */
export interface PusherInput {
  userId: string;
  deviceId: string;
  appId: string;
  pushkey: string;
  pusher: Omit<PusherRow, 'user_id' | 'device_id' | 'app_id' | 'pushkey' | 'created_ts'> | null;
  append: boolean;
}

/**
 * Creates, replaces or deletes a pusher, in one transaction. Without `append`, other users'
 * pushers with the same app_id and pushkey are removed (the spec's rule). Nothing is woken:
 * pushers are read by GET /pushers (and, later, the push sender).
 */
export async function setPusher(deps: Pick<AppDeps, 'database' | 'feed' | 'now'>, input: PusherInput): Promise<void> {
  await commitChanges(deps, async (tx) => {
    if (input.pusher === null) {
      await deletePusher(tx, input.userId, input.appId, input.pushkey);
      return;
    }
    if (!input.append) await deleteOtherUsersPushers(tx, input.userId, input.appId, input.pushkey);
    await upsertPusher(tx, { user_id: input.userId, device_id: input.deviceId, app_id: input.appId, pushkey: input.pushkey, created_ts: deps.now(), ...input.pusher });
    if ((await countPushers(tx, input.userId)) > MAX_PUSHERS_PER_USER) throw forbidden(`At most ${MAX_PUSHERS_PER_USER} pushers per user`);
  });
}
