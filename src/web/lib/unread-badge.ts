import { useEffect } from 'react';

/**
 * Shows the unread count in the tab: `(3) devmail` in the title and a badge drawn on the
 * favicon (a data: URL, which the page's CSP allows for images).
 */
export function useUnreadBadge(unread: number, label: string): void {
  useEffect(() => {
    const name = label ? `${label} · devmail` : 'devmail';
    document.title = unread > 0 ? `(${unread}) ${name}` : name;
    const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (!link) return;
    link.dataset.original ??= link.href;
    link.href = unread > 0 ? drawBadge(unread) : link.dataset.original;
  }, [unread, label]);
}

function drawBadge(count: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 64;
  const g = canvas.getContext('2d');
  if (!g) return '';
  g.fillStyle = '#2563eb';
  g.beginPath();
  g.roundRect(4, 12, 56, 40, 6);
  g.fill();
  g.fillStyle = '#dc2626';
  g.beginPath();
  g.arc(44, 20, 20, 0, Math.PI * 2);
  g.fill();
  g.fillStyle = '#fff';
  g.font = 'bold 24px sans-serif';
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.fillText(count > 99 ? '99+' : String(count), 44, 21);
  return canvas.toDataURL('image/png');
}
