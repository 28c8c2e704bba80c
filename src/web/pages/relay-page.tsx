import { tools } from '../api/tools';
import { formatFullTime } from '../lib/format';
import { CheckBody, useLoad } from '../tabs/check-state';

/** The relay queue: jobs newest first with their state, attempts and last answer. */
export function RelayPage() {
  const [load, reload] = useLoad(() => tools.relayQueue(), 'relay');
  return (
    <div className="tool-page">
      <div className="tool-head">
        <h1>Relay queue</h1>
        <button onClick={reload}>Refresh</button>
      </div>
      <CheckBody load={load} what="relay queue">
        {({ jobs }) =>
          jobs.length === 0 ? (
            <p className="empty">Nothing relayed yet.</p>
          ) : (
            <table className="check-table relay-queue">
              <thead>
                <tr>
                  <th>Created</th>
                  <th>Message</th>
                  <th>To</th>
                  <th>Status</th>
                  <th>Attempts</th>
                  <th>Last answer</th>
                </tr>
              </thead>
              <tbody>
                {jobs.map((j) => (
                  <tr key={j.ID} className={j.Status === 'failed' ? 'bad' : ''}>
                    <td>{formatFullTime(j.Created)}</td>
                    <td>
                      {j.MessageID} <span className="muted">({j.Origin})</span>
                    </td>
                    <td>{j.To.join(', ')}</td>
                    <td>
                      {j.Status}
                      {j.Status === 'pending' && j.NextAttempt && <div className="muted">next {formatFullTime(j.NextAttempt)}</div>}
                    </td>
                    <td>{j.Attempts}</td>
                    <td>{j.LastError ?? j.LastResult ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </CheckBody>
    </div>
  );
}
