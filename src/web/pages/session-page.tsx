import { Fragment } from 'react';
import { tools } from '../api/tools';
import { formatFullTime } from '../lib/format';
import { navigate, routeUrl } from '../lib/router';
import { CheckBody, useLoad } from '../tabs/check-state';

const ARROW = { client: 'C:', server: 'S:', event: '··' } as const;

/** One SMTP session: who, TLS, AUTH user, its messages, and the transcript with timings. */
export function SessionPage({ id }: { id: string }) {
  const [load] = useLoad(() => tools.session(id), id);
  return (
    <div className="tool-page">
      <div className="tool-head">
        <h1>SMTP session</h1>
        <a
          href={routeUrl({ page: 'sessions' })}
          onClick={(e) => {
            e.preventDefault();
            navigate({ page: 'sessions' });
          }}
        >
          All sessions
        </a>
      </div>
      <CheckBody load={load} what="session">
        {(s) => (
          <>
            <dl className="session-facts">
              {(
                [
                  ['Started', formatFullTime(s.Started)],
                  ['Client', `${s.ClientIP}:${s.ClientPort} → port ${s.ServerPort}`],
                  ['HELO', s.Helo || '—'],
                  ['TLS', s.TLS ? `${s.TLS.Protocol} ${s.TLS.Cipher}` : 'no'],
                  ['AUTH user', s.AuthUser || '—'],
                  ['Ended', s.Ended ? `${s.EndReason} after ${Math.round(s.DurationMs)} ms` : 'still open'],
                ] as const
              ).map(([name, value]) => (
                <Fragment key={name}>
                  <dt>{name}</dt>
                  <dd>{value}</dd>
                </Fragment>
              ))}
              <dt>Messages</dt>
              <dd>
                {s.MessageIDs.length === 0
                  ? 'none'
                  : s.MessageIDs.map((m, i) => (
                      <Fragment key={m}>
                        {s.Messages > s.MessageIDs.length && i === s.MessageIDs.length / 2 && (
                          <span className="muted session-messages-omitted">({s.Messages - s.MessageIDs.length} more between)</span>
                        )}
                        <a
                          className="session-message"
                          href={routeUrl({ page: 'message', id: m })}
                          onClick={(e) => {
                            e.preventDefault();
                            navigate({ page: 'message', id: m });
                          }}
                        >
                          {m}
                        </a>
                      </Fragment>
                    ))}
              </dd>
            </dl>
            <div className="transcript code" role="region" aria-label="Transcript">
              {s.Transcript.map((line, i) => (
                <div key={i} className={`transcript-line ${line.Source}`}>
                  <span className="ms">{line.Ms.toFixed(1)} ms</span>
                  <span className="who">{ARROW[line.Source]}</span>
                  <span className="line-text">{line.Text}</span>
                </div>
              ))}
              {s.Omitted > 0 && <div className="muted">({s.Omitted} lines omitted from the middle)</div>}
            </div>
          </>
        )}
      </CheckBody>
    </div>
  );
}
