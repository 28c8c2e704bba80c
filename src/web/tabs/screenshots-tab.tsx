import { useEffect, useState } from 'react';
import { checkUrls, SCREENSHOT_WIDTHS } from '../api/checks';
import { failureText } from './check-state';

const NAMES: Record<number, string> = { 375: 'Phone', 768: 'Tablet', 1280: 'Desktop' };

/** Screenshots rendered by the server's browser, one width at a time, on request. */
export function ScreenshotsTab({ id }: { id: string }) {
  const [width, setWidth] = useState<number | null>(null);
  return (
    <div className="check screenshots">
      <div className="tab-toolbar">
        {SCREENSHOT_WIDTHS.map((w) => (
          <button key={w} aria-pressed={width === w} onClick={() => setWidth(w)}>
            {NAMES[w]} ({w} px)
          </button>
        ))}
        <span className="muted">Rendered by the server's headless browser, scripts and remote content off.</span>
      </div>
      {width === null ? <p className="empty">Choose a width to render the message.</p> : <Shot key={width} url={checkUrls.screenshot(id, width)} width={width} />}
    </div>
  );
}

/**
 * One screenshot. Fetched (not an <img src>) so a failure shows the server's reason; the PNG
 * is shown from a blob: URL.
 */
function Shot({ url, width }: { url: string; width: number }) {
  const [state, setState] = useState<{ src?: string; error?: string }>({});
  useEffect(() => {
    let live = true;
    let made = '';
    fetch(url).then(
      async (res) => {
        if (res.ok) {
          const blob = await res.blob();
          if (live) setState({ src: (made = URL.createObjectURL(blob)) });
          return;
        }
        const body = (await res.json().catch(() => ({}))) as { Error?: string };
        if (live) setState({ error: failureText(res.status, body.Error ?? `${res.status} ${res.statusText}`) });
      },
      (err: Error) => live && setState({ error: failureText(0, err.message) }),
    );
    return () => {
      live = false;
      if (made) URL.revokeObjectURL(made);
    };
  }, [url]);
  if (state.error) return <p className="check-unavailable" role="status">{state.error}</p>;
  if (!state.src) return <p className="loading">Rendering at {width} px…</p>;
  return <img className="screenshot" src={state.src} alt={`Screenshot at ${width} px`} style={{ maxWidth: `min(100%, ${width}px)` }} />;
}
