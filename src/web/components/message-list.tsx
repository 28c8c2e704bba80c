import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useRef } from 'react';
import type { Summary } from '../api/types';
import { formatListTime, formatSize, shortAddress } from '../lib/format';
import type { Mailbox } from '../lib/use-mailbox';
import { PaperclipIcon } from './icons';

/** Height of one row in px: fixed, so 100k rows cost only what is on screen. */
const ROW_PX = 76;

interface MessageListProps {
  mailbox: Mailbox;
  selected: ReadonlySet<string>;
  /** The row the keyboard is on. */
  cursor: string | null;
  /** The message open in the view. */
  openId: string | null;
  onOpen(id: string): void;
  onToggle(id: string, range: boolean): void;
}

/** The virtualised message list; pages older rows in as the end comes into view. */
export function MessageList({ mailbox, selected, cursor, openId, onOpen, onToggle }: MessageListProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const { rows, hasMore, loadMore } = mailbox;
  // Stable callbacks that call the latest handlers, so a row re-renders only when its own data
  // changes (a live event or a click re-renders the app, not every visible row).
  const handlers = useRef({ onOpen, onToggle });
  handlers.current = { onOpen, onToggle };
  const open = useCallback((id: string) => handlers.current.onOpen(id), []);
  const toggle = useCallback((id: string, range: boolean) => handlers.current.onToggle(id, range), []);
  const virtualizer = useVirtualizer({
    count: rows.length + (hasMore ? 1 : 0),
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_PX,
    overscan: 8,
  });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.length ? items[items.length - 1].index : -1;

  useEffect(() => {
    if (hasMore && lastIndex >= rows.length - 1) loadMore();
  }, [hasMore, lastIndex, rows.length, loadMore]);

  // Keep the keyboard's row in view.
  const cursorIndex = cursor ? rows.findIndex((r) => r.ID === cursor) : -1;
  useEffect(() => {
    if (cursorIndex >= 0) virtualizer.scrollToIndex(cursorIndex, { align: 'auto' });
  }, [cursorIndex, virtualizer]);

  // First rows on screen: the figure `npm run bench:ui` reads.
  const painted = useRef(false);
  useEffect(() => {
    if (painted.current || rows.length === 0) return;
    painted.current = true;
    requestAnimationFrame(() => performance.mark('devmail:list-painted'));
  }, [rows.length]);

  return (
    <div className="list-scroller" ref={scroller} role="listbox" aria-label="Messages" aria-multiselectable="true">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {items.map((item) => {
          const row = rows[item.index];
          return (
            <div key={row?.ID ?? 'more'} className="list-row-slot" style={{ transform: `translateY(${item.start}px)`, height: ROW_PX }}>
              {row ? (
                <MessageRow
                  row={row}
                  checked={selected.has(row.ID)}
                  active={row.ID === openId}
                  focused={row.ID === cursor}
                  onOpen={open}
                  onToggle={toggle}
                />
              ) : (
                <div className="list-more">Loading older messages…</div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}

interface RowProps {
  row: Summary;
  checked: boolean;
  active: boolean;
  focused: boolean;
  onOpen(id: string): void;
  onToggle(id: string, range: boolean): void;
}

const MessageRow = memo(function MessageRow({ row, checked, active, focused, onOpen, onToggle }: RowProps) {
  const recipients = row.To.map((a) => a.Name || a.Address).join(', ');
  const classes = ['list-row', row.Read ? 'read' : 'unread', active && 'active', focused && 'focused', checked && 'checked'];
  return (
    <div
      className={classes.filter(Boolean).join(' ')}
      role="option"
      aria-selected={active}
      data-id={row.ID}
      onClick={(e) => (e.ctrlKey || e.metaKey || e.shiftKey ? onToggle(row.ID, e.shiftKey) : onOpen(row.ID))}
    >
      <input
        type="checkbox"
        className="row-check"
        aria-label="Select"
        checked={checked}
        onClick={(e) => e.stopPropagation()}
        onChange={(e) => onToggle(row.ID, (e.nativeEvent as MouseEvent).shiftKey === true)}
      />
      <div className="row-main">
        <div className="row-line">
          <span className="row-from" title={row.From?.Address ?? ''}>
            {shortAddress(row.From)}
          </span>
          <span className="row-to">{recipients && `→ ${recipients}`}</span>
          <span className="row-time" title={row.Created}>
            {formatListTime(row.Created)}
          </span>
        </div>
        <div className="row-line">
          <span className="row-subject">{row.Subject || '(no subject)'}</span>
          {row.Attachments > 0 && (
            <span className="row-attach" title={`${row.Attachments} attachment(s)`}>
              <PaperclipIcon />
              {row.Attachments > 1 ? row.Attachments : ''}
            </span>
          )}
          {row.Tags.map((tag) => (
            <span key={tag} className="tag">
              {tag}
            </span>
          ))}
          <span className="row-size">{formatSize(row.Size)}</span>
        </div>
        <div className="row-snippet">{row.Snippet}</div>
      </div>
    </div>
  );
});
