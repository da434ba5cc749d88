// Sign in and registration. Errors go to a summary that takes focus; progress is said through role="status".
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { Button, Checkbox, Form, Input, Label, Link, TextField, Text } from 'react-aria-components';
import type { AuthApi, Session } from '../../matrix/AuthApi.ts';
import { strings } from '../../strings.ts';
import { AuthViewModel } from '../../viewModels/AuthViewModel.ts';
import { useViewModel } from '../useViewModel.ts';

export function AuthScreen({ api, onSession }: { api: AuthApi; onSession(session: Session): void }) {
  const vm = useMemo(() => new AuthViewModel(api, onSession), [api, onSession]);
  const state = useViewModel(vm);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [server, setServer] = useState(location.host);
  const [mode, setMode] = useState<string | null>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const registering = state.mode === 'register';

  useEffect(() => {
    document.title = `${registering ? strings.auth.registerHeading : strings.auth.signInHeading} – ${strings.appName}`;
  }, [registering]);
  useEffect(() => {
    void api.config().then((c) => {
      if (c.serverName) setServer(c.serverName);
      setMode(c.registrationMode);
    });
  }, [api]);
  useEffect(() => {
    if (state.error) errorRef.current?.focus();
  }, [state.error]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (state.busy) return;
    if (registering) void vm.register(username, password, token);
    else void vm.signIn(username, password);
  };

  return (
    <main className="auth" id="main">
      <h1>{registering ? strings.auth.registerHeading : strings.auth.signInHeading}</h1>
      <p>{strings.auth.intro(server, mode)}</p>
      {state.error && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={errorRef}>
          <h2>{strings.auth.errorHeading}</h2>
          <p>{state.error}</p>
        </div>
      )}
      <Form onSubmit={submit} className="auth-form">
        <TextField name="username" value={username} onChange={setUsername} isRequired autoComplete="username">
          <Label>{strings.auth.username}</Label>
          <Input />
        </TextField>
        <TextField name="password" type="password" value={password} onChange={setPassword} isRequired autoComplete={registering ? 'new-password' : 'current-password'}>
          <Label>{strings.auth.password}</Label>
          <Input />
        </TextField>
        {registering && state.needsToken && (
          <TextField name="token" value={token} onChange={setToken} isRequired autoComplete="off">
            <Label>{strings.auth.token}</Label>
            <Input />
            <Text slot="description">{strings.auth.tokenHelp}</Text>
          </TextField>
        )}
        {registering && state.policies.length > 0 && (
          <fieldset className="policies">
            <legend>
              <h2>{strings.auth.policiesHeading}</h2>
            </legend>
            <p>{strings.auth.policiesIntro}</p>
            <ul>
              {state.policies.map((p) => (
                <li key={p.id}>
                  <Link href={p.url} target="_blank" rel="noopener noreferrer">
                    {strings.auth.readPolicy(p.name)}
                  </Link>
                  <Checkbox isSelected={state.accepted[p.id] ?? false} onChange={(v) => vm.setAccepted(p.id, v)} isRequired>
                    <span className="checkbox-box" aria-hidden="true" />
                    {strings.auth.accept(p.name)}
                  </Checkbox>
                </li>
              ))}
            </ul>
          </fieldset>
        )}
        {/* No isPending: react-aria would announce the button's name assertively, pointing at the button after it
            is gone; progress is said once, in the status region below. */}
        <Button type="submit" className="primary" aria-disabled={state.busy || undefined}>
          {registering ? strings.auth.register : strings.auth.signIn}
        </Button>
      </Form>
      <div role="status" className="status">
        {state.busy ? (registering ? strings.auth.registering : strings.auth.signingIn) : ''}
      </div>
      <Button className="link-button" onPress={() => vm.setMode(registering ? 'signIn' : 'register')}>
        {registering ? strings.auth.toSignIn : strings.auth.toRegister}
      </Button>
    </main>
  );
}
