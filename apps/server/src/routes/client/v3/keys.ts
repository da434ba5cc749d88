import { parseUserId, serverNameOf } from '@parley/protocol';
import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { uploadKeys, type DeviceKeysJson } from '../../../actions/uploadKeys.ts';
import { claimKeys } from '../../../actions/claimKeys.ts';
import { listDeviceKeysOfUsers } from '../../../storage/repos/keys.ts';
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
  handler: async ({ deps, body }) => {
    const deviceKeys: Record<string, Record<string, unknown>> = {};
    const failures: Record<string, unknown> = {};
    const local: string[] = [];
    for (const userId of Object.keys(body.device_keys)) {
      if (!parseUserId(userId)) continue;
      const server = serverNameOf(userId);
      // No federation yet: other servers are reported unreachable.
      if (server !== deps.config.serverName) failures[server] = { status: 503, message: 'Federation is not available' };
      else local.push(userId);
    }
    for (const userId of local) deviceKeys[userId] = {};
    for (const row of await listDeviceKeysOfUsers(deps.database.db, local)) {
      const wanted = body.device_keys[row.user_id] ?? [];
      if (wanted.length > 0 && !wanted.includes(row.device_id)) continue;
      const keys = JSON.parse(row.key_json) as Record<string, unknown>;
      deviceKeys[row.user_id]![row.device_id] = { ...keys, unsigned: row.display_name !== null ? { device_display_name: row.display_name } : {} };
    }
    return { device_keys: deviceKeys, failures, master_keys: {}, self_signing_keys: {}, user_signing_keys: {} };
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
