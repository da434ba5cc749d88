import { contracts } from '@parley/api';
import { defineEndpoint } from '../../http/endpoint.ts';

export const getVersions = defineEndpoint(contracts.getVersions, {
  handler: async () => ({
    versions: ['r0.5.0', 'r0.6.0', 'r0.6.1', 'v1.1', 'v1.2', 'v1.3', 'v1.4', 'v1.5', 'v1.6', 'v1.7', 'v1.8', 'v1.9', 'v1.10', 'v1.11', 'v1.12'],
    unstable_features: {
      // Cross-signing: Element up to late 2024 sets it up after login, and offers Verify, only when this is set.
      'org.matrix.e2e_cross_signing': true,
      // Authenticated media (MSC3916, Matrix 1.11): Element's service worker looks for these flags.
      'org.matrix.msc3916': true,
      'org.matrix.msc3916.stable': true,
    },
  }),
});
