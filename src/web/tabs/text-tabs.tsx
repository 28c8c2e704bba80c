import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api/client';
import { splitLines, tokenizeHtml } from '../lib/highlight-html';

/** The text part, as text. */
export function TextTab({ text }: { text: string }) {
  if (!text) return <p className="empty">This message has no text part.</p>;
  return <pre className="text-body">{text}</pre>;
}

/** No marked lines (one array, so the scroll effect runs only when lines are marked). */
const NONE: readonly number[] = [];

/** Past this size the source is shown plain: highlighting megabytes would stall the page. */
const MAX_HIGHLIGHT_CHARS = 500_000;

/**
 * The HTML source, highlighted (as React text, never as markup), with line numbers and a wrap
 * toggle. `marked` lines (1-based, from a check) are highlighted and the first scrolled to.
 */
export function SourceTab({ html, marked = NONE }: { html: string; marked?: readonly number[] }) {
  const [wrap, setWrap] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (marked.length > 0) box.current?.querySelector(`[data-line="${marked[0]}"]`)?.scrollIntoView({ block: 'center' });
  }, [marked]);
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
      <div className={`code ${wrap ? 'wrap' : ''}`} role="region" aria-label="HTML source" ref={box}>
        {lines.map((tokens, i) => (
          <div className={marked.includes(i + 1) ? 'code-line marked' : 'code-line'} key={i} data-line={i + 1}>
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
