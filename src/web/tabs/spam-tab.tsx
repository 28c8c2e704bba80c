import { checks } from '../api/checks';
import { CheckBody, useLoad } from './check-state';

interface Rule {
  Name: string;
  Score: number;
  Description: string;
}

/** SpamAssassin and Rspamd side by side: score, verdict, and the rules or symbols that scored. */
export function SpamTab({ id }: { id: string }) {
  const [sa] = useLoad(() => checks.spamassassin(id), id);
  const [rspamd] = useLoad(() => checks.rspamd(id), id);
  return (
    <div className="check spam-check">
      <section className="engine" aria-label="SpamAssassin">
        <h3>SpamAssassin</h3>
        <CheckBody load={sa} what="SpamAssassin check">
          {(r) => <EngineResult isSpam={r.IsSpam} score={r.Score} verdict={r.IsSpam ? 'spam' : 'not spam'} error={r.Error} rules={r.Rules} />}
        </CheckBody>
      </section>
      <section className="engine" aria-label="Rspamd">
        <h3>Rspamd</h3>
        <CheckBody load={rspamd} what="Rspamd check">
          {(r) => (
            <EngineResult
              isSpam={r.IsSpam}
              score={r.Score}
              verdict={`${r.Action || 'no action'} (needs ${r.RequiredScore})`}
              error={r.Error}
              rules={r.Symbols}
            />
          )}
        </CheckBody>
      </section>
    </div>
  );
}

function EngineResult({ isSpam, score, verdict, error, rules }: { isSpam: boolean; score: number; verdict: string; error: string; rules: Rule[] }) {
  const sorted = [...rules].sort((a, b) => b.Score - a.Score);
  return (
    <>
      <div className="check-summary">
        <strong className={`score ${isSpam ? 'error' : 'ok'}`}>{score.toFixed(1)}</strong>
        <span className={isSpam ? 'error' : 'ok'}>{verdict}</span>
      </div>
      {error && <p className="error">{error}</p>}
      <table className="check-table">
        <tbody>
          {sorted.map((r) => (
            <tr key={r.Name}>
              <td className="num">{r.Score.toFixed(1)}</td>
              <td>
                <code>{r.Name}</code>
                {r.Description && <div className="muted">{r.Description}</div>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
