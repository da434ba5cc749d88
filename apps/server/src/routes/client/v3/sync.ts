import { Type } from '@sinclair/typebox';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { buildSync } from '../../../sync/buildSync.ts';
import { isEmptySync, type SyncResponse } from '../../../sync/SyncResponse.ts';
import { acknowledgeToDevice } from '../../../sync/acknowledgeToDevice.ts';
import { checkSyncFilter, type SyncFilterJson } from '../../../sync/EventFilter.ts';
import { parseSyncToken } from '../../../sync/syncToken.ts';
import { loadFilter } from '../../../sync/loadFilter.ts';
import { parseFilterParam } from '../../../sync/parseFilterParam.ts';
import type { Waiter } from '../../../sync/Notifier.ts';

const MAX_TIMEOUT_MS = 120_000;

export const sync = defineEndpoint({
  operationId: 'sync',
  method: 'GET',
  path: '/_matrix/client/v3/sync',
  r0: true,
  auth: 'required',
  query: Type.Object({
    since: Type.Optional(Type.String()),
    timeout: Type.Optional(Type.Integer({ minimum: 0 })),
    filter: Type.Optional(Type.String()),
    full_state: Type.Optional(Type.Boolean()),
    set_presence: Type.Optional(Type.Union([Type.Literal('offline'), Type.Literal('online'), Type.Literal('unavailable')])),
    use_state_after: Type.Optional(Type.Boolean()),
  }),
  handler: async ({ deps, auth, query, reply }) => {
    const db = deps.database.db;
    const sinceToken = query.since !== undefined ? parseSyncToken(query.since, 'since') : null;
    let since = sinceToken?.position ?? null;
    // A token that delivered part of the to-device queue: the rest is waiting, so never wait before building.
    const toDeviceWaiting = sinceToken?.toDevice != null;
    let filter: SyncFilterJson = {};
    if (query.filter !== undefined) {
      if (query.filter.trimStart().startsWith('{')) {
        filter = checkSyncFilter(parseFilterParam(query.filter));
      } else {
        filter = await loadFilter(db, auth.userId, query.filter);
      }
    }
    if (since !== null && since > deps.notifier.currentPosition) since = deps.notifier.currentPosition;
    const timeout = Math.min(query.timeout ?? 0, MAX_TIMEOUT_MS);
    const deadline = deps.now() + timeout;
    let gone = false;
    let current: Waiter | undefined;
    const onClose = (): void => {
      gone = true;
      current?.cancel();
    };
    // The response's close fires when the client goes away mid-wait (the request's close fired once its body was read).
    reply.raw.once('close', onClose);
    const build = async (upTo: number): Promise<SyncResponse> => {
      const sinceFull = since === null ? null : { position: since, toDevice: sinceToken?.toDevice ?? null };
      const toDevice = await acknowledgeToDevice(db, auth, sinceFull, upTo, deps.syncCache);
      return buildSync(db, {
        userId: auth.userId,
        deviceId: auth.deviceId,
        since: sinceFull,
        upTo,
        fullState: query.full_state === true,
        useStateAfter: query.use_state_after === true,
        filter,
        now: deps.now(),
        typing: deps.typing,
        cache: deps.syncCache,
        mayHaveChanged: since === null ? undefined : (kind) => deps.notifier.mayHaveChanged(auth.userId, since!, kind),
        toDevice,
      });
    };
    try {
      for (;;) {
        // Listen before reading, so a commit between the read and the wait still wakes us.
        current = deps.notifier.wait(auth.userId, Math.max(0, deadline - deps.now()));
        if (since !== null && !toDeviceWaiting && !deps.notifier.mayHaveNewFor(auth.userId, since) && deps.now() < deadline && !gone) {
          // Nothing named this user since `since`: wait before building anything.
          await current.promise;
          if (!gone && deps.now() < deadline) continue;
          current = deps.notifier.wait(auth.userId, 0);
        }
        const response = await build(deps.notifier.currentPosition);
        if (since === null || !isEmptySync(response) || deps.now() >= deadline || gone) {
          current.cancel();
          return response;
        }
        await current.promise;
        if (gone) return response;
      }
    } finally {
      reply.raw.off('close', onClose);
    }
  },
});
