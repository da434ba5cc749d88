import { contracts } from '@parley/api';
import { defineEndpoint } from '../../../http/endpoint.ts';
import { MatrixError } from '../../../errors/MatrixError.ts';
import { userInteractiveAuth } from '../../../http/userInteractiveAuth.ts';
import { passwordStage } from '../../../http/passwordStage.ts';
import { changePassword as doChangePassword } from '../../../actions/changePassword.ts';
import { deactivateAccount as doDeactivateAccount } from '../../../actions/deactivateAccount.ts';

const PASSWORD_FLOWS = [{ stages: ['m.login.password'] }];

export const changePassword = defineEndpoint(contracts.changePassword, {
  handler: async ({ deps, auth, body, request }) => {
    if (body.new_password.length === 0) throw new MatrixError('M_WEAK_PASSWORD', 'The new password must not be empty');
    await userInteractiveAuth(deps, {
      flows: PASSWORD_FLOWS,
      params: {},
      auth: body.auth,
      bind: `${auth.userId} changePassword`,
      checkers: { 'm.login.password': passwordStage(deps, auth.userId, request.ip) },
    });
    await doChangePassword(deps, auth, body.new_password, body.logout_devices ?? true);
    return {};
  },
});

export const deactivateAccount = defineEndpoint(contracts.deactivateAccount, {
  handler: async ({ deps, auth, body, request }) => {
    await userInteractiveAuth(deps, {
      flows: PASSWORD_FLOWS,
      params: {},
      auth: body.auth,
      bind: `${auth.userId} deactivateAccount`,
      checkers: { 'm.login.password': passwordStage(deps, auth.userId, request.ip) },
    });
    await doDeactivateAccount(deps, auth, body.erase === true);
    // No third-party identifiers are ever bound, so there is nothing to unbind: the spec says `success`.
    return { id_server_unbind_result: 'success' };
  },
});
