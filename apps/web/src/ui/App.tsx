// The root: the live regions (mounted once), the theme, and either the sign-in screen or the chat (loaded lazily,
// with matrix-js-sdk, only once signed in).
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { createAuthApi, type Session } from '../matrix/AuthApi.ts';
import { strings } from '../strings.ts';
import { Announcer } from '../viewModels/Announcer.ts';
import { AuthScreen } from './auth/AuthScreen.tsx';
import { createLiveRegionSink, LiveRegions } from './LiveRegions.tsx';
import { clearUserState, loadSession, saveSession } from './session.ts';
import { useTheme } from './theme.ts';

const ChatApp = lazy(() => import('./chat/ChatApp.tsx'));

export function App() {
  const [session, setSession] = useState<Session | null>(loadSession);
  const [theme, setTheme] = useTheme();
  const live = useMemo(createLiveRegionSink, []);
  const announcer = useMemo(() => new Announcer(live.sink), [live]);
  const authApi = useMemo(() => createAuthApi(location.origin), []);
  const signIn = useCallback((s: Session) => {
    saveSession(s);
    setSession(s);
  }, []);
  const signOut = useCallback(() => {
    saveSession(null);
    clearUserState();
    setSession(null);
  }, []);
  return (
    <>
      <LiveRegions attach={live.attach} />
      {session ? (
        <Suspense fallback={<p className="loading">{strings.loading}</p>}>
          <ChatApp session={session} authApi={authApi} announcer={announcer} theme={theme} onTheme={setTheme} onSignedOut={signOut} />
        </Suspense>
      ) : (
        <AuthScreen api={authApi} onSession={signIn} />
      )}
    </>
  );
}
