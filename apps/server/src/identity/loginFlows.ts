/** The login types POST /login accepts (GET /login lists them). */
export const loginFlows: readonly { type: string }[] = [{ type: 'm.login.password' }];
