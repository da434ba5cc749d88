import { parseUserId, serverNameOf } from '@parley/protocol';
import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { uploadKeys, type DeviceKeysJson } from '../../../actions/uploadKeys.ts';
import { claimKeys } from '../../../actions/claimKeys.ts';
import { readDeviceKeys } from '../../../reads/readDeviceKeys.ts';
import { listDeviceListUpdates } from '../../../sync/listDeviceListUpdates.ts';
import { parseToken } from '../../../sync/syncToken.ts';

export const uploadKeysEndpoint = defineEndpoint(contracts.uploadKeys, {
  handler: async ({ deps, auth, body }) => {
    const fallbackKeys = body.fallback_keys ?? body['org.matrix.msc2732.fallback_keys'];
    const counts = await uploadKeys(deps, auth, {
      ...(body.device_keys ? { deviceKeys: body.device_keys as DeviceKeysJson } : {}),
      ...(body.one_time_keys ? { oneTimeKeys: body.one_time_keys } : {}),
      ...(fallbackKeys ? { fallbackKeys } : {}),
    });
    return { one_time_key_counts: counts };
  },
});

export const queryKeys = defineEndpoint(contracts.queryKeys, {
  handler: async ({ deps, auth, body }) => {
    const failures: Record<string, unknown> = {};
    const local: Record<string, readonly string[]> = {};
    for (const [userId, devices] of Object.entries(body.device_keys)) {
      if (!parseUserId(userId)) continue;
      const server = serverNameOf(userId);
      // No federation yet: other servers are reported unreachable.
      if (server !== deps.config.serverName) failures[server] = { status: 503, message: 'Federation is not available' };
      else local[userId] = devices;
    }
    return { ...(await readDeviceKeys(deps.database.db, auth.userId, local)), failures };
  },
});

export const claimKeysEndpoint = defineEndpoint(contracts.claimKeys, {
  handler: async ({ deps, body }) => claimKeys(deps, body.one_time_keys),
});

export const getKeysChanges = defineEndpoint(contracts.getKeysChanges, {
  handler: async ({ deps, auth, query }) => {
    const from = parseToken(query.from, 'from');
    const to = Math.min(parseToken(query.to, 'to'), deps.notifier.currentPosition);
    if (to <= from) return { changed: [], left: [] };
    return listDeviceListUpdates(deps.database.db, auth.userId, from, to);
  },
});
