import { SUPPORTED_ROOM_VERSIONS, DEFAULT_ROOM_VERSION } from '@parley/protocol';
import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';

export const getCapabilities = defineEndpoint(contracts.getCapabilities, {
  handler: async () => ({
    capabilities: {
      'm.change_password': { enabled: true },
      'm.room_versions': { default: DEFAULT_ROOM_VERSION, available: Object.fromEntries(SUPPORTED_ROOM_VERSIONS.map((v) => [v, 'stable'])) },
      'm.set_displayname': { enabled: true },
      'm.set_avatar_url': { enabled: true },
      'm.profile_fields': { enabled: true, allowed: ['displayname', 'avatar_url'] },
      'm.3pid_changes': { enabled: false },
      'm.get_login_token': { enabled: false },
    },
  }),
});
