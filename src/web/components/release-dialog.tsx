import { useState } from 'react';
import { tools, type RelayJob } from '../api/tools';
import type { Message } from '../api/types';
import { Dialog } from './dialogs';

type Outcome = { kind: 'sent' } | { kind: 'queued'; job: RelayJob } | { kind: 'failed'; message: string };

/** Releases a message through the relay server to the recipients typed in. */
export default function ReleaseDialog({ message, onClose }: { message: Message; onClose(): void }) {
  const [text, setText] = useState(message.To.map((a) => a.Address).join(', '));
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const to = text
    .split(/[,;\s]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  const release = () => {
    setBusy(true);
    setOutcome(null);
    tools.release(message.ID, to).then(
      ({ queued }) => setOutcome(queued ? { kind: 'queued', job: queued } : { kind: 'sent' }),
      (err: Error) => setOutcome({ kind: 'failed', message: err.message }),
    ).finally(() => setBusy(false));
  };
  return (
    <Dialog title="Release message" onClose={onClose}>
      <p>Sends a copy through the relay server to these addresses (comma-separated).</p>
      <input data-autofocus aria-label="Recipients" value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && to.length > 0 && release()} />
      {outcome?.kind === 'sent' && <p className="ok" role="status">Released to {to.join(', ')}.</p>}
      {outcome?.kind === 'queued' && (
        <p role="status">
          Queued after a temporary failure ({outcome.job.LastError ?? 'no answer'}); next attempt{' '}
          {outcome.job.NextAttempt ? new Date(outcome.job.NextAttempt).toLocaleTimeString() : 'soon'}.
        </p>
      )}
      {outcome?.kind === 'failed' && (
        <p className="error" role="alert">
          {outcome.message}
        </p>
      )}
      <div className="dialog-actions">
        <button onClick={onClose}>{outcome?.kind === 'sent' ? 'Close' : 'Cancel'}</button>
        <button onClick={release} disabled={busy || to.length === 0}>
          {busy ? 'Releasing…' : 'Release'}
        </button>
      </div>
    </Dialog>
  );
}
