import { lazy, Suspense, useEffect, useState } from 'react';
import { api, ApiError, urls } from '../api/client';
import type { Message } from '../api/types';
import { formatAddress, formatAddresses, formatFullTime, formatSize } from '../lib/format';
import { routeUrl } from '../lib/router';
import { AttachmentsTab } from '../tabs/attachments-tab';
import { CHECK_TABS, type CheckKey } from '../tabs/check-list';
import { EnvelopePanel } from '../tabs/envelope-panel';
import { HeadersTab } from '../tabs/headers-tab';
import { HtmlTab } from '../tabs/html-tab';
import { RawTab, SourceTab, TextTab } from '../tabs/text-tabs';
import { TagEditor } from './tag-editor';

// The checks, the calendar summary and the release dialog load on first use (a small first page).
const CheckTab = lazy(() => import('../tabs/check-tabs'));
const CalendarSummary = lazy(() => import('./calendar-summary'));
const ReleaseDialog = lazy(() => import('./release-dialog'));

interface MessageViewProps {
  id: string;
  /** Tags in use, offered when editing. */
  tags: readonly string[];
  onBack(): void;
  onDelete(id: string): void;
  onMarkUnread(id: string): void;
  /** The message was shown (its ID resolved, e.g. from `latest`). */
  onShown(id: string): void;
  /** Whether a relay server is configured (offers Release). */
  relay: boolean;
  /** Opens the SMTP session transcript. */
  onOpenSession(sessionId: string): void;
}

type TabKey = 'html' | 'text' | 'source' | 'raw' | 'headers' | 'attachments' | CheckKey;

/** One message: its header, envelope, actions and a tab per view. */
export function MessageView({ id, tags, onBack, onDelete, onMarkUnread, onShown, relay, onOpenSession }: MessageViewProps) {
  const [message, setMessage] = useState<Message | null>(null);
  const [marked, setMarked] = useState<number[]>([]);
  const [releasing, setReleasing] = useState(false);
  const [error, setError] = useState<{ status: number; text: string } | null>(null);
  const [tab, setTab] = useState<TabKey>('html');
  const [copied, setCopied] = useState(false);

  useEffect(() => {
    let live = true;
    setMessage(null);
    setError(null);
    api.message(id).then(
      (m) => {
        if (!live) return;
        setMessage(m);
        setTab((t) => (t === 'html' && !m.HTML ? 'text' : t));
        onShown(m.ID);
      },
      (err: unknown) => live && setError({ status: err instanceof ApiError ? err.status : 0, text: err instanceof Error ? err.message : String(err) }),
    );
    return () => {
      live = false;
    };
    // onShown is a fresh closure each render; which message to load depends on the ID alone.
  }, [id]);

  useEffect(() => {
    if (message) requestAnimationFrame(() => performance.mark('devmail:message-shown'));
  }, [message]);

  const tabs: Array<{ key: TabKey; label: string; hidden?: boolean }> = [
    { key: 'html', label: 'HTML', hidden: !message?.HTML },
    { key: 'text', label: 'Text' },
    { key: 'source', label: 'HTML source', hidden: !message?.HTML },
    { key: 'raw', label: 'Raw' },
    { key: 'headers', label: 'Headers' },
    { key: 'attachments', label: `Attachments (${(message?.Attachments.length ?? 0) + (message?.Inline.length ?? 0)})` },
    ...CHECK_TABS.map((c) => ({ key: c.key, label: c.label })),
  ];
  const shown = tabs.filter((t) => !t.hidden);

  // 1…9 switch tabs (outside inputs).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const n = Number(e.key);
      if (n >= 1 && n <= shown.length) setTab(shown[n - 1].key);
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  if (error) {
    return (
      <section className="message-view">
        <div className="state error" role="alert">
          <p>{error.status === 404 ? 'This message does not exist (it may have been deleted).' : error.text}</p>
          <button onClick={onBack}>Back to the list</button>
        </div>
      </section>
    );
  }
  if (!message) {
    return (
      <section className="message-view">
        <div className="state loading">Loading the message…</div>
      </section>
    );
  }

  const copyLink = () => {
    const link = new URL(routeUrl({ page: 'message', id: message.ID }), location.href).toString();
    navigator.clipboard?.writeText(link).then(
      () => setCopied(true),
      () => prompt('Copy this link', link),
    ) ?? prompt('Copy this link', link);
    setTimeout(() => setCopied(false), 1500);
  };

  return (
    <section className="message-view" aria-label="Message">
      <header className="message-head">
        <div className="message-actions">
          <button className="back" onClick={onBack} title="Back to the list (Escape)">
            ← List
          </button>
          <button onClick={() => onMarkUnread(message.ID)}>Mark unread</button>
          <button className="danger" onClick={() => onDelete(message.ID)} title="Delete (Delete)">
            Delete
          </button>
          <a className="button" href={urls.download(message.ID)}>
            Download .eml
          </a>
          {message.HTML && (
            <a className="button" href={urls.viewAlone(message.ID)} target="_blank" rel="noopener noreferrer">
              Open HTML
            </a>
          )}
          <button onClick={copyLink}>{copied ? 'Copied' : 'Copy link'}</button>
          {relay && <button onClick={() => setReleasing(true)}>Release</button>}
        </div>
        <h1 className="message-subject">{message.Subject || '(no subject)'}</h1>
        <dl className="message-meta">
          <dt>From</dt>
          <dd>{formatAddress(message.From)}</dd>
          <dt>To</dt>
          <dd>{formatAddresses(message.To) || '—'}</dd>
          {message.Cc.length > 0 && (
            <>
              <dt>Cc</dt>
              <dd>{formatAddresses(message.Cc)}</dd>
            </>
          )}
          {message.Bcc.length > 0 && (
            <>
              <dt>Bcc</dt>
              <dd>{formatAddresses(message.Bcc)}</dd>
            </>
          )}
          {message.ReplyTo.length > 0 && (
            <>
              <dt>Reply-To</dt>
              <dd>{formatAddresses(message.ReplyTo)}</dd>
            </>
          )}
          <dt>Date</dt>
          <dd>
            {formatFullTime(message.Date)} · {formatSize(message.Size)}
          </dd>
          <dt>Tags</dt>
          <dd>
            <TagEditor id={message.ID} tags={message.Tags} known={tags} onSaved={(t) => setMessage({ ...message, Tags: t })} />
          </dd>
        </dl>
        <EnvelopePanel envelope={message.Envelope} sessionId={message.SessionID ?? ''} onOpenSession={onOpenSession} />
        <Suspense fallback={null}>
          <CalendarSummary id={message.ID} />
        </Suspense>
      </header>
      <nav className="tabs" role="tablist" aria-label="Message views">
        {shown.map((t) => (
          <button key={t.key} role="tab" aria-selected={tab === t.key} onClick={() => setTab(t.key)}>
            {t.label}
          </button>
        ))}
      </nav>
      <div className="tab-panel" role="tabpanel">
        {tab === 'html' && <HtmlTab id={message.ID} />}
        {tab === 'text' && <TextTab text={message.Text} />}
        {tab === 'source' && <SourceTab html={message.HTML} marked={marked} />}
        {tab === 'raw' && <RawTab id={message.ID} />}
        {tab === 'headers' && <HeadersTab id={message.ID} />}
        {tab === 'attachments' && <AttachmentsTab message={message} />}
        {CHECK_TABS.filter((c) => c.key === tab).map((c) => (
          <Suspense key={c.key} fallback={<p className="loading">Loading…</p>}>
            <CheckTab
              check={c.key}
              id={message.ID}
              onShowLines={(lines) => {
                setMarked(lines);
                setTab('source');
              }}
            />
          </Suspense>
        ))}
      </div>
      {releasing && (
        <Suspense fallback={null}>
          <ReleaseDialog message={message} onClose={() => setReleasing(false)} />
        </Suspense>
      )}
    </section>
  );
}

/** Whether a key press goes to a text field (shortcuts stay out of its way). */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
}
