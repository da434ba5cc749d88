import { defineEndpoint } from '../../http/endpoint.ts';

export const getWellknown = defineEndpoint({
  operationId: 'getWellknown',
  method: 'GET',
  path: '/.well-known/matrix/client',
  auth: 'none',
  handler: async ({ deps }) => ({ 'm.homeserver': { base_url: deps.config.publicBaseUrl } }),
});

export const getServerWellknown = defineEndpoint({
  operationId: 'getServerWellknown',
  method: 'GET',
  path: '/.well-known/matrix/server',
  auth: 'none',
  handler: async ({ deps }) => {
    const url = new URL(deps.config.publicBaseUrl);
    return { 'm.server': `${url.hostname}:${url.port || (url.protocol === 'https:' ? '443' : '80')}` };
  },
});
