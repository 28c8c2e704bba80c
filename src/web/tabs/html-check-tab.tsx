import { checks, type HtmlWarning } from '../api/checks';
import { CheckBody, useLoad } from './check-state';

/** Line links shown per feature; the source marks every line. */
const SHOWN_LINES = 12;

const pct = (n: number) => `${Math.round(n * 10) / 10}%`;

/**
 * HTML compatibility (caniemail data): the overall score, then each feature the HTML uses,
 * worst first, with the client families that do not or partly support it and their notes.
 * A feature's line numbers open the HTML source at that line.
 */
export function HtmlCheckTab({ id, onShowLines }: { id: string; onShowLines(lines: number[]): void }) {
  const [load] = useLoad(() => checks.html(id), id);
  return (
    <div className="check html-check">
      <CheckBody load={load} what="HTML check">
        {(result) => (
          <>
            <div className="check-summary">
              <strong className="score">{pct(result.Total.Supported)} supported</strong>
              <span className="muted">
                {pct(result.Total.Partial)} partial · {pct(result.Total.Unsupported)} not supported · {result.Total.Tests} features tested on{' '}
                {result.Total.Nodes} elements
              </span>
            </div>
            {result.Warnings.length === 0 && <p className="empty">Every feature this HTML uses is supported by the clients tested.</p>}
            {(result.RemoteStylesheets ?? []).length > 0 && (
              <p className="muted">
                Linked stylesheets are not fetched, so their CSS is not checked:{' '}
                {result.RemoteStylesheets!.map((s) => `${s.URL} (line ${s.Line})`).join(', ')}
              </p>
            )}
            <ol className="check-list">
              {result.Warnings.map((w) => (
                <Warning key={w.Slug} warning={w} onShowLines={onShowLines} />
              ))}
            </ol>
          </>
        )}
      </CheckBody>
    </div>
  );
}

function Warning({ warning, onShowLines }: { warning: HtmlWarning; onShowLines(lines: number[]): void }) {
  const families = new Map<string, Array<{ name: string; support: string; note: string }>>();
  for (const r of warning.Results) {
    if (r.Support === 'yes') continue;
    const list = families.get(r.Family) ?? [];
    list.push({ name: `${r.Platform} ${r.Version}`.trim(), support: r.Support, note: r.NoteNumber });
    families.set(r.Family, list);
  }
  const notes = Object.entries(warning.NotesByNumber ?? {});
  const lines = warning.Lines ?? [];
  return (
    <li className="html-warning">
      <div className="warning-head">
        <strong>{warning.Title}</strong>
        <span className="tag">{warning.Category}</span>
        <span className="muted">
          {pct(warning.Score.Supported)} yes · {pct(warning.Score.Partial)} partial · {pct(warning.Score.Unsupported)} no
        </span>
        {warning.URL && (
          <a href={warning.URL} target="_blank" rel="noopener noreferrer">
            caniemail
          </a>
        )}
      </div>
      {lines.length > 0 && (
        <div className="warning-lines">
          Used on{' '}
          {lines.slice(0, SHOWN_LINES).map((line) => (
            <button key={line} className="link" onClick={() => onShowLines([line, ...lines.filter((l) => l !== line)])}>
              line {line}
            </button>
          ))}
          {lines.length > SHOWN_LINES && <span className="muted"> and {lines.length - SHOWN_LINES} more (all marked in the source)</span>}
        </div>
      )}
      <ul className="families">
        {[...families].map(([family, results]) => (
          <li key={family}>
            <span className="family">{family}</span>{' '}
            {results.map((r, i) => (
              <span key={i} className={`support support-${r.support}`}>
                {r.name}: {r.support === 'no' ? 'no' : 'partial'}
                {r.note && <sup>[{r.note}]</sup>}
              </span>
            ))}
          </li>
        ))}
      </ul>
      {notes.length > 0 && (
        <ul className="notes muted">
          {notes.map(([n, text]) => (
            <li key={n}>
              [{n}] {text}
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}
