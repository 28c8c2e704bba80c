import { tools } from '../api/tools';
import { formatFullTime } from '../lib/format';
import { navigate, routeUrl } from '../lib/router';
import { CheckBody, useLoad } from '../tabs/check-state';

/** Recent SMTP sessions, newest first, those that left no message included. */
export function SessionsPage() {
  const [load, reload] = useLoad(() => tools.sessions(), 'sessions');
  return (
    <div className="tool-page">
      <div className="tool-head">
        <h1>SMTP sessions</h1>
        <button onClick={reload}>Refresh</button>
      </div>
      <CheckBody load={load} what="session list">
        {({ sessions, total }) =>
          sessions.length === 0 ? (
            <p className="empty">No SMTP session yet.</p>
          ) : (
            <>
              <p className="muted">
                {sessions.length} of {total} kept
              </p>
              <table className="check-table sessions">
                <thead>
                  <tr>
                    <th>Started</th>
                    <th>Client</th>
                    <th>HELO</th>
                    <th>TLS</th>
                    <th>AUTH</th>
                    <th>Messages</th>
                    <th>Ended</th>
                  </tr>
                </thead>
                <tbody>
                  {sessions.map((s) => (
                    <tr key={s.ID}>
                      <td>
                        <a
                          href={routeUrl({ page: 'session', id: s.ID })}
                          onClick={(e) => {
                            e.preventDefault();
                            navigate({ page: 'session', id: s.ID });
                          }}
                        >
                          {formatFullTime(s.Started)}
                        </a>
                      </td>
                      <td>
                        {s.ClientIP}:{s.ClientPort}
                      </td>
                      <td>{s.Helo || '—'}</td>
                      <td>{s.TLS ? s.TLS.Protocol : 'no'}</td>
                      <td>{s.AuthUser || '—'}</td>
                      <td>{s.Messages}</td>
                      <td>{s.Ended ? `${s.EndReason} (${Math.round(s.DurationMs)} ms)` : 'open'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </CheckBody>
    </div>
  );
}
