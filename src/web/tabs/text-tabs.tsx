import { useEffect, useMemo, useState } from 'react';
import { api } from '../api/client';
import { splitLines, tokenizeHtml } from '../lib/highlight-html';

/** The text part, as text. */
export function TextTab({ text }: { text: string }) {
  if (!text) return <p className="empty">This message has no text part.</p>;
  return <pre className="text-body">{text}</pre>;
}

/** Past this size the source is shown plain: highlighting megabytes would stall the page. */
const MAX_HIGHLIGHT_CHARS = 500_000;

/** The HTML source, highlighted (as React text, never as markup), with line numbers and a wrap toggle. */
export function SourceTab({ html }: { html: string }) {
  const [wrap, setWrap] = useState(false);
  const lines = useMemo(
    () => (html.length > MAX_HIGHLIGHT_CHARS ? html.split('\n').map((text) => [{ kind: 'text' as const, text }]) : splitLines(tokenizeHtml(html))),
    [html],
  );
  if (!html) return <p className="empty">This message has no HTML part.</p>;
  return (
    <div className="source-tab">
      <div className="tab-toolbar">
        <label className="toggle">
          <input type="checkbox" checked={wrap} onChange={(e) => setWrap(e.target.checked)} /> Wrap lines
        </label>
        <span className="muted">{lines.length} lines</span>
      </div>
      <div className={`code ${wrap ? 'wrap' : ''}`} role="region" aria-label="HTML source">
        {lines.map((tokens, i) => (
          <div className="code-line" key={i}>
            <span className="line-no" aria-hidden="true">
              {i + 1}
            </span>
            <span className="line-text">
              {tokens.map((t, j) => (
                <span key={j} className={`hl-${t.kind}`}>
                  {t.text}
                </span>
              ))}
            </span>
          </div>
        ))}
      </div>
    </div>
  );
}

/** The exact stored bytes, fetched on demand. */
export function RawTab({ id }: { id: string }) {
  const [raw, setRaw] = useState<string | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    setRaw(null);
    api.raw(id).then(setRaw, (err: Error) => setError(err.message));
  }, [id]);
  if (error) return <p className="error">{error}</p>;
  if (raw === null) return <p className="loading">Loading the source…</p>;
  return <pre className="raw-body">{raw}</pre>;
}
