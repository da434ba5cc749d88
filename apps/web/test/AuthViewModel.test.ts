import { describe, expect, it } from 'vitest';
import type { AuthApi, RegisterResult, Session } from '../src/matrix/AuthApi.ts';
import { AuthError } from '../src/matrix/AuthApi.ts';
import { AuthViewModel } from '../src/viewModels/AuthViewModel.ts';

const session: Session = { homeserverUrl: 'http://hs', userId: '@new:test', accessToken: 't', deviceId: 'D' };

/** A server whose registration flow is token (or dummy) then terms. */
function fakeApi(stages: string[]) {
  const submitted: Record<string, unknown>[] = [];
  const completed: string[] = [];
  const api: AuthApi = {
    login: async (u, p) => {
      if (p !== 'pw') throw new AuthError('M_FORBIDDEN', 'Invalid password');
      return { ...session, userId: `@${u}:test` };
    },
    register: async (_u, _p, auth): Promise<RegisterResult> => {
      if (auth) {
        submitted.push(auth);
        if (auth.type === 'm.login.registration_token' && auth.token !== 'good') {
          return { kind: 'auth', uia: { session: 's1', flows: [stages], completed: [...completed], policies: [], error: 'Invalid registration token' } };
        }
        completed.push(String(auth.type));
      }
      if (stages.every((s) => completed.includes(s))) return { kind: 'done', session };
      return {
        kind: 'auth',
        uia: { session: 's1', flows: [stages], completed: [...completed], policies: [{ id: 'coc', name: 'Code of Conduct', url: 'https://x/coc', version: '1' }], error: null },
      };
    },
    config: async () => ({ serverName: null, suggestedRooms: [], registrationMode: null }),
  };
  return { api, submitted };
}

describe('AuthViewModel', () => {
  it('signs in and reports a wrong password', async () => {
    const sessions: Session[] = [];
    const vm = new AuthViewModel(fakeApi([]).api, (s) => sessions.push(s));
    await vm.signIn('alice', 'nope');
    expect(vm.state.error).toBe('Invalid password');
    await vm.signIn('@alice:test', 'pw');
    expect(sessions.map((s) => s.userId)).toEqual(['@alice:test']);
  });

  it('completes the dummy stage silently, asks for policy acceptance, then finishes', async () => {
    const { api, submitted } = fakeApi(['m.login.dummy', 'm.login.terms']);
    const sessions: Session[] = [];
    const vm = new AuthViewModel(api, (s) => sessions.push(s));
    vm.setMode('register');
    await vm.register('new', 'secret');
    expect(vm.state.policies.map((p) => p.name)).toEqual(['Code of Conduct']);
    expect(vm.state.needsToken).toBe(false);
    await vm.register('new', 'secret');
    expect(vm.state.error).toBe('Accept the Code of Conduct to continue.');
    vm.setAccepted('coc', true);
    await vm.register('new', 'secret');
    expect(submitted.map((a) => a.type)).toEqual(['m.login.dummy', 'm.login.terms']);
    expect(sessions).toEqual([session]);
  });

  it('asks for a registration token and lets the user correct a wrong one', async () => {
    const { api, submitted } = fakeApi(['m.login.registration_token']);
    const sessions: Session[] = [];
    const vm = new AuthViewModel(api, (s) => sessions.push(s));
    vm.setMode('register');
    await vm.register('new', 'secret');
    expect(vm.state.needsToken).toBe(true);
    await vm.register('new', 'secret', 'bad');
    expect(vm.state.error).toBe('Invalid registration token');
    await vm.register('new', 'secret', 'good');
    expect(submitted.map((a) => a.token)).toEqual(['bad', 'good']);
    expect(sessions).toEqual([session]);
  });
});
