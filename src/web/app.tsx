import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { api } from './api/client';
import type { Summary } from './api/types';
import { ConfirmDialog, Dialog, ShortcutsDialog } from './components/dialogs';
import { BellIcon, KeyboardIcon } from './components/icons';
import { ListToolbar } from './components/list-toolbar';
import { MessageList } from './components/message-list';
import { isTyping, MessageView } from './components/message-view';
import { SearchBox } from './components/search-box';
import { shortAddress } from './lib/format';
import { navigate, routeUrl, useRoute, type Route, type ToolRoute } from './lib/router';
import { useStoredFlag, useTheme, type ThemeChoice } from './lib/theme';
import { useUnreadBadge } from './lib/unread-badge';
import { useMailbox } from './lib/use-mailbox';

// Sessions, chaos and the relay queue load on first use (a small first page).
const ToolPage = lazy(() => import('./pages/tool-page'));

const TOOL_PAGES: ReadonlyArray<Route['page']> = ['sessions', 'session', 'chaos', 'relay'];

type Pending =
  | { kind: 'confirm'; title: string; message: string; confirmLabel: string; run: () => Promise<unknown> }
  | { kind: 'shortcuts' }
  | { kind: 'tag'; ids: string[] };

/** The whole UI: header, list, message, dialogs, keyboard. */
export function App() {
  const route = useRoute();
  const [search, setSearch] = useState(route.page === 'search' ? route.query : '');
  useEffect(() => {
    if (route.page === 'search') setSearch(route.query);
    else if (route.page === 'list') setSearch('');
  }, [route]);

  const [theme, setTheme] = useTheme();
  const [notify, setNotify] = useStoredFlag('devmail.notify', false);
  const [label, setLabel] = useState('');
  const [relay, setRelay] = useState(false);
  useEffect(
    () =>
      void api.webui().then(
        (c) => {
          setLabel(c.Label);
          setRelay(c.MessageRelay?.Enabled === true);
        },
        () => undefined,
      ),
    [],
  );
  const toolRoute = TOOL_PAGES.includes(route.page) ? (route as ToolRoute) : null;

  const onNew = useCallback(
    (m: Summary) => {
      if (notify && document.hidden && typeof Notification !== 'undefined' && Notification.permission === 'granted') {
        new Notification(m.Subject || '(no subject)', { body: `From ${shortAddress(m.From)}`, tag: m.ID });
      }
    },
    [notify],
  );
  const mailbox = useMailbox(search, onNew);
  useUnreadBadge(mailbox.unread, label);

  const openId = route.page === 'message' ? route.id : null;
  const [cursor, setCursor] = useState<string | null>(null);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [pending, setPending] = useState<Pending | null>(null);
  const [notice, setNotice] = useState('');
  const searchInput = useRef<HTMLInputElement>(null);
  const anchor = useRef<string | null>(null);

  // Selected rows that are gone (deleted live) leave the selection.
  useEffect(() => {
    setSelected((sel) => {
      if (sel.size === 0) return sel;
      const ids = new Set(mailbox.rows.map((r) => r.ID));
      const kept = [...sel].filter((id) => ids.has(id));
      return kept.length === sel.size ? sel : new Set(kept);
    });
  }, [mailbox.rows]);

  const fail = (err: unknown) => setNotice(err instanceof Error ? err.message : String(err));
  const open = (id: string) => {
    setCursor(id);
    navigate({ page: 'message', id });
  };
  const backToList = () => navigate(search ? { page: 'search', query: search } : { page: 'list' });
  const runSearch = (query: string) => navigate(query ? { page: 'search', query } : { page: 'list' });

  const toggle = (id: string, range: boolean) => {
    setSelected((sel) => {
      const next = new Set(sel);
      if (range && anchor.current) {
        const ids = mailbox.rows.map((r) => r.ID);
        const [a, b] = [ids.indexOf(anchor.current), ids.indexOf(id)].sort((x, y) => x - y);
        if (a >= 0) for (const rid of ids.slice(a, b + 1)) next.add(rid);
      } else if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
    anchor.current = id;
  };

  const neighbour = (id: string, step: number): string | null => {
    const index = mailbox.rows.findIndex((r) => r.ID === id);
    return mailbox.rows[index + step]?.ID ?? null;
  };
  const deleteOne = (id: string) => {
    const next = neighbour(id, 1) ?? neighbour(id, -1);
    api.deleteIds([id]).then(() => (openId === id ? (next ? open(next) : backToList()) : undefined), fail);
  };
  const deleteSelected = () => {
    const ids = [...selected];
    setPending({
      kind: 'confirm',
      title: 'Delete messages',
      message: `Delete ${ids.length} selected message${ids.length === 1 ? '' : 's'}?`,
      confirmLabel: 'Delete',
      run: () => api.deleteIds(ids).then(() => setSelected(new Set())),
    });
  };
  const deleteAll = () => {
    const query = mailbox.search;
    setPending({
      kind: 'confirm',
      title: query ? 'Delete search results' : 'Delete all messages',
      message: query
        ? `Delete every message matching “${query}” (${mailbox.matching})? This cannot be undone.`
        : `Delete all ${mailbox.total} messages? This cannot be undone.`,
      confirmLabel: query ? 'Delete results' : 'Delete all',
      // Afterwards the whole list: what is left of the mailbox.
      run: () => (query ? api.deleteSearch(query) : api.deleteAll()).then(() => navigate({ page: 'list' })),
    });
  };

  // Keyboard shortcuts (outside text fields and dialogs).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (toolRoute || e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target) || (pending && pending.kind !== 'shortcuts')) return;
      const current = openId ?? cursor ?? mailbox.rows[0]?.ID ?? null;
      const move = (step: number) => {
        const base = openId ?? cursor;
        const target = base ? neighbour(base, step) : (mailbox.rows[0]?.ID ?? null);
        if (!target) return;
        if (openId) open(target);
        else setCursor(target);
      };
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          move(1);
          break;
        case 'k':
        case 'ArrowUp':
          move(-1);
          break;
        case 'Enter':
          if (!openId && current) open(current);
          break;
        case 'x':
          if (current) toggle(current, false);
          break;
        case 'u':
          if (current) {
            const row = mailbox.rows.find((r) => r.ID === current);
            api.setRead([current], !(row?.Read ?? true)).catch(fail);
          }
          break;
        case '/':
          searchInput.current?.focus();
          break;
        case 'Delete':
          if (selected.size > 0) deleteSelected();
          else if (current) deleteOne(current);
          break;
        case '?':
          setPending({ kind: 'shortcuts' });
          break;
        case 'Escape':
          if (pending) setPending(null);
          else if (openId) backToList();
          else setSelected(new Set());
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  const toggleNotify = () => {
    if (notify) return setNotify(false);
    if (typeof Notification === 'undefined') return setNotice('This browser has no notifications.');
    Notification.requestPermission().then((p) => (p === 'granted' ? setNotify(true) : setNotice('Notifications were not allowed.')));
  };

  return (
    <div className={`app ${openId ? 'has-message' : ''}`}>
      <header className="topbar">
        <a
          className="brand"
          href={routeUrl({ page: 'list' })}
          onClick={(e) => {
            e.preventDefault();
            navigate({ page: 'list' });
          }}
        >
          devmail{label && <span className="label">{label}</span>}
        </a>
        <SearchBox ref={searchInput} value={search} tags={mailbox.tags} onSearch={runSearch} />
        {mailbox.tags.length > 0 && (
          <select
            aria-label="Filter by tag"
            value={/^tag:"?([^"]*)"?$/.exec(search)?.[1] ?? ''}
            onChange={(e) => runSearch(e.target.value ? `tag:"${e.target.value}"` : '')}
          >
            <option value="">All tags</option>
            {mailbox.tags.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
          </select>
        )}
        <nav className="tool-nav" aria-label="Tools">
          {(['sessions', 'chaos', ...(relay ? ['relay' as const] : [])] as const).map((page) => (
            <a
              key={page}
              href={routeUrl({ page })}
              aria-current={route.page === page || (page === 'sessions' && route.page === 'session') ? 'page' : undefined}
              onClick={(e) => {
                e.preventDefault();
                navigate({ page });
              }}
            >
              {page === 'sessions' ? 'Sessions' : page === 'chaos' ? 'Chaos' : 'Relay queue'}
            </a>
          ))}
        </nav>
        <select aria-label="Theme" value={theme} onChange={(e) => setTheme(e.target.value as ThemeChoice)}>
          <option value="system">System theme</option>
          <option value="light">Light</option>
          <option value="dark">Dark</option>
        </select>
        <button className="icon" aria-pressed={notify} aria-label="Notifications" title="Browser notifications for new mail" onClick={toggleNotify}>
          <BellIcon off={!notify} />
        </button>
        <button className="icon" title="Keyboard shortcuts (?)" aria-label="Keyboard shortcuts" onClick={() => setPending({ kind: 'shortcuts' })}>
          <KeyboardIcon />
        </button>
      </header>
      {mailbox.offline && (
        <div className="banner" role="status">
          The connection to the server is lost — reconnecting…
        </div>
      )}
      {notice && (
        <div className="banner notice" role="alert">
          {notice} <button className="link" onClick={() => setNotice('')}>Dismiss</button>
        </div>
      )}
      {toolRoute ? (
        <main className="tool-main">
          <Suspense fallback={<p className="state loading">Loading…</p>}>
            <ToolPage route={toolRoute} />
          </Suspense>
        </main>
      ) : (
        <main className="panes">
          <section className="list-pane" aria-label="Message list">
            <ListToolbar
              mailbox={mailbox}
              selectedCount={selected.size}
              onSelectAll={(all) => setSelected(all ? new Set(mailbox.rows.map((r) => r.ID)) : new Set())}
              onMarkSelected={(read) => api.setRead([...selected], read).then(() => setSelected(new Set()), fail)}
              onDeleteSelected={deleteSelected}
              onTagSelected={() => setPending({ kind: 'tag', ids: [...selected] })}
              onMarkAllRead={() => api.markAllRead(mailbox.search).catch(fail)}
              onDeleteAll={deleteAll}
            />
            <ListBody mailbox={mailbox}>
              <MessageList mailbox={mailbox} selected={selected} cursor={cursor} openId={openId} onOpen={open} onToggle={toggle} />
            </ListBody>
          </section>
          {openId ? (
            <MessageView
              key={openId}
              id={openId}
              tags={mailbox.tags}
              onBack={backToList}
              onDelete={deleteOne}
              onMarkUnread={(id) => api.setRead([id], false).then(backToList, fail)}
              onShown={(id) => {
                setCursor(id);
                if (id !== openId) navigate({ page: 'message', id }, true);
              }}
              relay={relay}
              onOpenSession={(id) => navigate({ page: 'session', id })}
            />
          ) : (
            <section className="message-view empty-view">
              <p className="state">Select a message to read it.</p>
            </section>
          )}
        </main>
      )}
      {pending?.kind === 'confirm' && (
        <ConfirmDialog
          title={pending.title}
          message={pending.message}
          confirmLabel={pending.confirmLabel}
          onCancel={() => setPending(null)}
          onConfirm={() => {
            setPending(null);
            pending.run().catch(fail);
          }}
        />
      )}
      {pending?.kind === 'shortcuts' && <ShortcutsDialog onClose={() => setPending(null)} />}
      {pending?.kind === 'tag' && (
        <TagDialog
          count={pending.ids.length}
          onCancel={() => setPending(null)}
          onSave={(tags) => {
            setPending(null);
            api.setTags(pending.ids, tags).then(() => setSelected(new Set()), fail);
          }}
        />
      )}
    </div>
  );
}

/** The list, or its loading, empty or error state. */
function ListBody({ mailbox, children }: { mailbox: ReturnType<typeof useMailbox>; children: ReactNode }) {
  if (mailbox.status === 'loading') return <p className="state loading">Loading messages…</p>;
  if (mailbox.status === 'error' && mailbox.rows.length === 0) {
    return (
      <div className="state error" role="alert">
        <p>{mailbox.error}</p>
        <button onClick={mailbox.reload}>Try again</button>
      </div>
    );
  }
  if (mailbox.rows.length === 0) {
    return (
      <div className="state empty">
        {mailbox.search ? <p>No message matches this search.</p> : <p>No mail yet. Send some to devmail's SMTP port and it shows up here at once.</p>}
      </div>
    );
  }
  return <>{children}</>;
}

/** Sets the tags of the selected messages. */
function TagDialog({ count, onSave, onCancel }: { count: number; onSave(tags: string[]): void; onCancel(): void }) {
  const [text, setText] = useState('');
  const save = () => onSave([...new Set(text.split(',').map((t) => t.trim()).filter(Boolean))]);
  return (
    <Dialog title={`Tags for ${count} message${count === 1 ? '' : 's'}`} onClose={onCancel}>
      <p>Comma-separated; these replace the messages' tags (empty clears them).</p>
      <input data-autofocus aria-label="Tags" value={text} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && save()} />
      <div className="dialog-actions">
        <button onClick={onCancel}>Cancel</button>
        <button onClick={save}>Set tags</button>
      </div>
    </Dialog>
  );
}
