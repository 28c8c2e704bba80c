import { useState } from 'react';
import { urls } from '../api/client';
import { useStoredFlag } from '../lib/theme';

/** Device widths of the preview, in CSS px ('100%' fills the pane). */
const DEVICES = [
  { name: 'Phone', width: 375 },
  { name: 'Tablet', width: 768 },
  { name: 'Desktop', width: 0 },
] as const;

const ZOOMS = [50, 75, 100, 125, 150];

/**
 * The message's HTML in an iframe whose `sandbox` allows neither scripts nor same-origin, on top
 * of the view route's own CSP sandbox: its document has an opaque origin, so nothing in it can
 * reach the UI, its storage or the API. Links open in a new tab (allow-popups).
 */
export function HtmlTab({ id }: { id: string }) {
  const [device, setDevice] = useState<(typeof DEVICES)[number]['name']>('Desktop');
  const [zoom, setZoom] = useState(100);
  const [remote, setRemote] = useStoredFlag('devmail.remoteImages', true);
  const width = DEVICES.find((d) => d.name === device)?.width ?? 0;
  const scale = zoom / 100;
  return (
    <div className="html-tab">
      <div className="tab-toolbar">
        <div className="segmented" role="group" aria-label="Device width">
          {DEVICES.map((d) => (
            <button key={d.name} aria-pressed={device === d.name} onClick={() => setDevice(d.name)}>
              {d.name}
              {d.width ? ` ${d.width}` : ''}
            </button>
          ))}
        </div>
        <label>
          Zoom{' '}
          <select value={zoom} onChange={(e) => setZoom(Number(e.target.value))} aria-label="Zoom">
            {ZOOMS.map((z) => (
              <option key={z} value={z}>
                {z}%
              </option>
            ))}
          </select>
        </label>
        <label className="toggle">
          <input type="checkbox" checked={remote} onChange={(e) => setRemote(e.target.checked)} /> Remote images
        </label>
      </div>
      <div className="frame-stage">
        <div
          className="frame-box"
          style={{ width: width ? width * scale : '100%' }}
        >
          <iframe
            key={`${id}-${remote}`}
            title="Message HTML"
            src={urls.view(id, remote)}
            sandbox="allow-popups allow-popups-to-escape-sandbox"
            referrerPolicy="no-referrer"
            style={{
              width: width ? width : `${100 / scale}%`,
              height: `${100 / scale}%`,
              transform: `scale(${scale})`,
            }}
          />
        </div>
      </div>
    </div>
  );
}
