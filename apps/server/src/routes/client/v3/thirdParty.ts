import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';

/**
 * Parley binds no email address or phone number, and bridges no third-party network: these
 * endpoints answer as such a server (docs/errors.md): no protocols, no identifiers, every
 * attempt to add or validate one 403 M_THREEPID_DENIED, and removing one (there are none)
 * succeeds with `no-support` from the (absent) identity server.
 */
const denied = (): MatrixError => new MatrixError('M_THREEPID_DENIED', 'This server does not support third-party identifiers');

export const getProtocols = defineEndpoint(contracts.getProtocols, { handler: async () => ({}) });

export const getAccount3PIDs = defineEndpoint(contracts.getAccount3PIDs, { handler: async () => ({ threepids: [] }) });

export const post3PIDs = defineEndpoint(contracts.post3PIDs, {
  handler: async () => {
    throw denied();
  },
});

export const add3PID = defineEndpoint(contracts.add3PID, {
  handler: async () => {
    throw denied();
  },
});

export const bind3PID = defineEndpoint(contracts.bind3PID, {
  handler: async () => {
    throw denied();
  },
});

export const delete3pidFromAccount = defineEndpoint(contracts.delete3pidFromAccount, {
  handler: async () => ({ id_server_unbind_result: 'no-support' as const }),
});

export const unbind3pidFromAccount = defineEndpoint(contracts.unbind3pidFromAccount, {
  handler: async () => ({ id_server_unbind_result: 'no-support' as const }),
});

export const requestTokenTo3PIDEmail = defineEndpoint(contracts.requestTokenTo3PIDEmail, {
  handler: async () => {
    throw denied();
  },
});

export const requestTokenTo3PIDMSISDN = defineEndpoint(contracts.requestTokenTo3PIDMSISDN, {
  handler: async () => {
    throw denied();
  },
});
