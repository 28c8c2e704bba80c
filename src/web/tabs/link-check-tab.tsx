import { useState } from 'react';
import { checks, type LinkResult } from '../api/checks';
import { CheckBody, useLoad } from './check-state';

const failed = (l: LinkResult) => l.StatusCode === 0 || l.StatusCode >= 400;

/** Links: run on request (it makes network requests), errors first, with each redirect. */
export function LinkCheckTab({ id }: { id: string }) {
  const [follow, setFollow] = useState(false);
  const [load, run] = useLoad(() => checks.links(id, follow), `${id} ${follow}`, true);
  return (
    <div className="check link-check">
      <div className="tab-toolbar">
        <button onClick={run} disabled={load.state === 'loading'}>
          {load.state === 'idle' ? 'Check links' : 'Check again'}
        </button>
        <label className="toggle">
          <input type="checkbox" checked={follow} onChange={(e) => setFollow(e.target.checked)} /> Follow redirects
        </label>
        <span className="muted">Requests every link and image URL of this message.</span>
      </div>
      <CheckBody load={load} what="link check">
        {(result) => {
          const links = [...result.Links].sort((a, b) => Number(failed(b)) - Number(failed(a)));
          return (
            <>
              <div className="check-summary">
                <strong className={result.Errors ? 'error' : 'ok'}>
                  {result.Errors === 0 ? 'No broken links' : `${result.Errors} broken link${result.Errors === 1 ? '' : 's'}`}
                </strong>
                <span className="muted">{result.Links.length} checked</span>
              </div>
              {links.length === 0 && <p className="empty">This message has no links.</p>}
              <table className="check-table">
                <tbody>
                  {links.map((l, i) => (
                    <tr key={i} className={failed(l) ? 'bad' : 'good'}>
                      <td className="status-code">{l.StatusCode || '—'}</td>
                      <td>
                        <div className="url">{l.URL}</div>
                        <div className="muted">{l.Status}</div>
                        {(l.Redirects ?? []).map((r, j) => (
                          <div key={j} className="redirect muted">
                            ↳ {r.StatusCode} → {r.Location}
                          </div>
                        ))}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </CheckBody>
    </div>
  );
}
