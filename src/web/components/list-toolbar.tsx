import type { Mailbox } from '../lib/use-mailbox';

interface ListToolbarProps {
  mailbox: Mailbox;
  selectedCount: number;
  onSelectAll(all: boolean): void;
  onMarkSelected(read: boolean): void;
  onDeleteSelected(): void;
  onTagSelected(): void;
  onMarkAllRead(): void;
  /** Delete everything shown: all messages, or the search's results. */
  onDeleteAll(): void;
}

/** Counts and actions above the list: on the selection, or on everything shown. */
export function ListToolbar(props: ListToolbarProps) {
  const { mailbox, selectedCount } = props;
  const allChecked = selectedCount > 0 && selectedCount >= mailbox.rows.length;
  return (
    <div className="list-toolbar">
      <input
        type="checkbox"
        aria-label="Select all loaded messages"
        checked={allChecked}
        ref={(el) => {
          if (el) el.indeterminate = selectedCount > 0 && !allChecked;
        }}
        onChange={(e) => props.onSelectAll(e.target.checked)}
      />
      {selectedCount > 0 ? (
        <>
          <span className="count">{selectedCount} selected</span>
          <button onClick={() => props.onMarkSelected(true)}>Read</button>
          <button onClick={() => props.onMarkSelected(false)}>Unread</button>
          <button onClick={props.onTagSelected}>Tag…</button>
          <button className="danger" onClick={props.onDeleteSelected}>
            Delete
          </button>
        </>
      ) : (
        <>
          <span className="count" aria-live="polite">
            {mailbox.search ? `${mailbox.matching} found` : `${mailbox.total} messages`}
            {mailbox.unread > 0 && !mailbox.search && `, ${mailbox.unread} unread`}
          </span>
          <button onClick={props.onMarkAllRead} disabled={mailbox.rows.length === 0}>
            Mark all read
          </button>
          <button className="danger" onClick={props.onDeleteAll} disabled={mailbox.rows.length === 0}>
            {mailbox.search ? 'Delete results' : 'Delete all'}
          </button>
        </>
      )}
    </div>
  );
}
