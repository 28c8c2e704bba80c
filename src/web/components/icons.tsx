/** Small line icons drawn inline (no icon font, no emoji: both depend on the system's fonts). */
const base = { width: 16, height: 16, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round', strokeLinejoin: 'round', 'aria-hidden': true } as const;

/** An attachment marker. */
export const PaperclipIcon = () => (
  <svg {...base}>
    <path d="M21 11.5l-8.6 8.6a5.5 5.5 0 01-7.8-7.8l8.6-8.6a3.7 3.7 0 015.2 5.2l-8.6 8.6a1.8 1.8 0 01-2.6-2.6l8-8" />
  </svg>
);

/** Notifications on (`off` draws it struck through). */
export const BellIcon = ({ off = false }: { off?: boolean }) => (
  <svg {...base}>
    <path d="M6 8a6 6 0 0112 0c0 7 3 9 3 9H3s3-2 3-9" />
    <path d="M10.3 21a1.9 1.9 0 003.4 0" />
    {off && <path d="M3 3l18 18" />}
  </svg>
);

/** Keyboard shortcuts. */
export const KeyboardIcon = () => (
  <svg {...base}>
    <rect x="2" y="6" width="20" height="12" rx="2" />
    <path d="M6 10h.01M10 10h.01M14 10h.01M18 10h.01M7 14h10" />
  </svg>
);
