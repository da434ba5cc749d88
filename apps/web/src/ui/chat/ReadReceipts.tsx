// Who has read up to a message: up to five initials and "+N", as one image named "Read by Alice and Bob". The
// message's description includes it, so it is heard when the message is focused and never announced by itself.
import { strings } from '../../strings.ts';

const SHOWN = 5;

function initial(name: string): string {
  return [...name.replace(/^@/, '')][0]?.toUpperCase() ?? '?';
}

export function ReadReceipts({ id, readers }: { id: string; readers: { userId: string; displayName: string }[] }) {
  const label = strings.receipts.readBy(readers.map((r) => r.displayName));
  return (
    <div id={id} className="read-receipts" role="img" aria-label={label} title={label}>
      {readers.slice(0, SHOWN).map((r) => (
        <span key={r.userId} className="receipt-avatar" aria-hidden="true">
          {initial(r.displayName)}
        </span>
      ))}
      {readers.length > SHOWN && (
        <span className="receipt-more" aria-hidden="true">
          {strings.receipts.more(readers.length - SHOWN)}
        </span>
      )}
    </div>
  );
}
