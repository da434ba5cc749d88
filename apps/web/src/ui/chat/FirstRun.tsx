// Shown when no room is open: a welcome, the server's suggested channels (from /_parley/client/v1/config), and
// where to start.
import { useState } from 'react';
import { Button } from 'react-aria-components';
import { strings } from '../../strings.ts';
import type { ChatViewModel } from '../../viewModels/ChatViewModel.ts';

export function FirstRun({ vm, suggested, empty, onOpen }: { vm: ChatViewModel; suggested: string[]; empty: boolean; onOpen(roomId: string): void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const join = async (alias: string) => {
    setBusy(alias);
    setError(null);
    try {
      const roomId = await vm.client.join(alias);
      onOpen(roomId);
    } catch (err) {
      setError(strings.firstRun.joinFailed(alias, err instanceof Error ? err.message : String(err)));
    } finally {
      setBusy(null);
    }
  };
  return (
    <div className="first-run">
      <h1>{empty ? strings.firstRun.heading : strings.appName}</h1>
      <p>{empty ? strings.firstRun.intro : strings.room.noRoom}</p>
      {suggested.length > 0 && (
        <section aria-labelledby="suggested-heading">
          <h2 id="suggested-heading">{strings.firstRun.suggested}</h2>
          <ul className="suggested">
            {suggested.map((alias) => (
              <li key={alias}>
                <span>{alias}</span>
                <Button onPress={() => void (busy === null && join(alias))} aria-disabled={busy === alias || undefined}>
                  {strings.firstRun.join(alias)}
                </Button>
              </li>
            ))}
          </ul>
        </section>
      )}
      <p role="status">{busy ? strings.firstRun.joining : ''}</p>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
