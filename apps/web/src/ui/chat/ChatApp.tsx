// Signed in: starts the Matrix client (matrix-js-sdk comes in with this lazy chunk's own dynamic import), then shows
// the chat layout. Drafts and the last open room are kept in localStorage.
import { useEffect, useState } from 'react';
import type { AuthApi, Session } from '../../matrix/AuthApi.ts';
import { strings } from '../../strings.ts';
import type { Announcer } from '../../viewModels/Announcer.ts';
import { ChatViewModel } from '../../viewModels/ChatViewModel.ts';
import type { DraftStore } from '../../viewModels/ComposerViewModel.ts';
import { markdownToHtml } from '../format/markdownToHtml.ts';
import type { Theme } from '../theme.ts';
import { ChatLayout } from './ChatLayout.tsx';

const drafts: DraftStore = {
  get: (roomId) => localStorage.getItem(`parley.draft.${roomId}`) ?? '',
  set: (roomId, text) => (text ? localStorage.setItem(`parley.draft.${roomId}`, text) : localStorage.removeItem(`parley.draft.${roomId}`)),
};

const lastRoom = {
  get: () => localStorage.getItem('parley.lastRoom'),
  set: (roomId: string) => localStorage.setItem('parley.lastRoom', roomId),
};

interface Props {
  session: Session;
  authApi: AuthApi;
  announcer: Announcer;
  theme: Theme;
  onTheme(theme: Theme): void;
  onSignedOut(): void;
}

export default function ChatApp({ session, authApi, announcer, theme, onTheme, onSignedOut }: Props) {
  const [vm, setVm] = useState<ChatViewModel | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let cancelled = false;
    let created: ChatViewModel | null = null;
    void (async () => {
      try {
        const [{ createSdkChatClient }, config] = await Promise.all([import('../../matrix/createSdkChatClient.ts'), authApi.config()]);
        const client = await createSdkChatClient(session);
        await client.start();
        if (cancelled) return client.stop();
        client.onSessionEnded(onSignedOut);
        created = new ChatViewModel({ client, announcer, drafts, toHtml: markdownToHtml, suggestedRooms: config.suggestedRooms, lastRoom });
        setVm(created);
      } catch (err) {
        if (cancelled) return;
        // A stored session the server no longer knows (signed out elsewhere, a new --ephemeral server): sign in again.
        if (err instanceof Error && err.name === 'SessionEndedError') return onSignedOut();
        setError(err instanceof Error ? err.message : String(err));
      }
    })();
    return () => {
      cancelled = true;
      created?.dispose();
      created?.client.stop();
    };
  }, [session, authApi, announcer, onSignedOut]);

  if (error)
    return (
      <main className="auth">
        <h1>{strings.appName}</h1>
        <p role="alert">{error}</p>
      </main>
    );
  if (!vm)
    return (
      <p className="loading" role="status">
        {strings.loading}
      </p>
    );
  const signOut = async () => {
    await vm.client.logout();
    onSignedOut();
  };
  return <ChatLayout vm={vm} announcer={announcer} theme={theme} onTheme={onTheme} onSignOut={signOut} userId={session.userId} />;
}
