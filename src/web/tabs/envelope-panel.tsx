import type { Envelope } from '../api/types';
import { routeUrl } from '../lib/router';

interface EnvelopePanelProps {
  envelope: Envelope | undefined;
  /** The SMTP session it came in on ('' when none), linked to its transcript. */
  sessionId: string;
  onOpenSession(sessionId: string): void;
}

/** How the message arrived: MAIL FROM, RCPT TO (Bcc included), client, HELO, TLS, AUTH, session. */
export function EnvelopePanel({ envelope, sessionId, onOpenSession }: EnvelopePanelProps) {
  if (!envelope) return null;
  const rows: Array<[string, string]> = [
    ['MAIL FROM', envelope.MailFrom ? `<${envelope.MailFrom}>` : '<> (null sender)'],
    ['RCPT TO', envelope.RcptTo.map((r) => `<${r}>`).join(', ')],
    ['Client', envelope.ClientIP || '—'],
    ['HELO', envelope.Helo || '—'],
    ['TLS', envelope.TLS ? `${envelope.TLS.Protocol} ${envelope.TLS.Cipher}` : 'no'],
    ['AUTH user', envelope.AuthUser || '—'],
    ['Received by', envelope.Source === 'smtp' ? 'SMTP' : envelope.Source === 'api' ? 'the send API' : 'the command line'],
  ];
  return (
    <details className="envelope">
      <summary>Envelope</summary>
      <dl>
        {rows.map(([name, value]) => (
          <div key={name}>
            <dt>{name}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      {sessionId && (
        <a
          className="session-link"
          href={routeUrl({ page: 'session', id: sessionId })}
          onClick={(e) => {
            e.preventDefault();
            onOpenSession(sessionId);
          }}
        >
          SMTP session transcript
        </a>
      )}
    </details>
  );
}
