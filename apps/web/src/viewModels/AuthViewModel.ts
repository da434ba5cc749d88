// Sign-in and registration. Registration runs the server's user-interactive-auth flow: the dummy stage is
// completed silently; a registration token and the policies (m.login.terms) are asked for on a second step.
import type { AuthApi, Policy, Session, UiaState } from '../matrix/AuthApi.ts';
import { AuthError } from '../matrix/AuthApi.ts';
import { strings } from '../strings.ts';
import { ViewModel } from './ViewModel.ts';

export type AuthMode = 'signIn' | 'register';

export interface AuthState {
  mode: AuthMode;
  busy: boolean;
  error: string | null;
  /** Set once registration has started and needs more from the user. */
  needsToken: boolean;
  policies: Policy[];
  accepted: Record<string, boolean>;
}

export class AuthViewModel extends ViewModel<AuthState> {
  private uia: UiaState | null = null;

  constructor(
    private readonly api: AuthApi,
    private readonly onSession: (session: Session) => void,
  ) {
    super({ mode: 'signIn', busy: false, error: null, needsToken: false, policies: [], accepted: {} });
  }

  setMode(mode: AuthMode): void {
    this.uia = null;
    this.set({ mode, error: null, needsToken: false, policies: [], accepted: {} });
  }

  setAccepted(policyId: string, accepted: boolean): void {
    this.set({ accepted: { ...this.state.accepted, [policyId]: accepted } });
  }

  async signIn(username: string, password: string): Promise<void> {
    if (!username || !password) return this.set({ error: strings.auth.missingFields });
    await this.run(async () => this.onSession(await this.api.login(username.replace(/^@/, '').split(':')[0] ?? username, password)));
  }

  /** First call starts the flow; later calls submit the remaining stages with the token and acceptances given. */
  async register(username: string, password: string, token = ''): Promise<void> {
    if (!username || !password) return this.set({ error: strings.auth.missingFields });
    await this.run(async () => {
      if (!this.uia) {
        const first = await this.api.register(username, password);
        if (first.kind === 'done') return this.onSession(first.session);
        this.uia = first.uia;
        const stages = this.flow();
        const needsToken = stages.includes('m.login.registration_token');
        const policies = stages.includes('m.login.terms') ? first.uia.policies : [];
        // Nothing to ask the user: run the flow straight away.
        if (!needsToken && policies.length === 0) return this.completeStages(username, password, token);
        this.set({ needsToken, policies, accepted: {} });
        return;
      }
      if (this.state.needsToken && !token) throw new AuthError('M_MISSING_PARAM', strings.auth.tokenRequired);
      const missing = this.state.policies.filter((p) => !this.state.accepted[p.id]);
      if (missing.length > 0) throw new AuthError('M_TERMS_NOT_SIGNED', strings.auth.acceptPolicies(missing.map((p) => p.name)));
      await this.completeStages(username, password, token);
    });
  }

  private flow(): string[] {
    return this.uia?.flows[0] ?? [];
  }

  private async completeStages(username: string, password: string, token: string): Promise<void> {
    for (const stage of this.flow()) {
      if (!this.uia || this.uia.completed.includes(stage)) continue;
      const auth: Record<string, unknown> = { type: stage, session: this.uia.session };
      if (stage === 'm.login.registration_token') auth.token = token;
      const result = await this.api.register(username, password, auth);
      if (result.kind === 'done') return this.onSession(result.session);
      if (result.uia.error) throw new AuthError('M_FORBIDDEN', result.uia.error);
      this.uia = result.uia;
    }
    throw new AuthError('M_UNKNOWN', strings.auth.flowUnsupported);
  }

  private async run(step: () => Promise<void>): Promise<void> {
    this.set({ busy: true, error: null });
    try {
      await step();
      this.set({ busy: false });
    } catch (err) {
      const message = err instanceof AuthError ? messageFor(err) : strings.auth.networkError;
      // A failed stage (say a wrong token) keeps the session so the user can correct it; other errors restart.
      if (err instanceof AuthError && err.errcode === 'M_USER_IN_USE') this.uia = null;
      this.set({ busy: false, error: message });
    }
  }
}

function messageFor(err: AuthError): string {
  switch (err.errcode) {
    case 'M_FORBIDDEN':
      return err.message || strings.auth.forbidden;
    case 'M_USER_IN_USE':
      return strings.auth.userInUse;
    case 'M_INVALID_USERNAME':
      return strings.auth.invalidUsername;
    case 'M_LIMIT_EXCEEDED':
      return strings.auth.rateLimited;
    default:
      return err.message;
  }
}
