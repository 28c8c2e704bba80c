/** The message checks; each tab is filled by its check as the server gains it. */
export const CHECK_TABS = [
  { key: 'html-check', label: 'HTML check', what: 'how well email clients support this HTML and CSS' },
  { key: 'link-check', label: 'Links', what: 'the status of every link in the message' },
  { key: 'spam', label: 'Spam', what: 'the SpamAssassin and Rspamd scores' },
  { key: 'lint', label: 'Lint', what: 'common mistakes in the message' },
] as const;

/** A check that this server does not offer yet. */
export function ChecksPlaceholder({ label, what }: { label: string; what: string }) {
  return (
    <div className="empty placeholder">
      <h3>{label}</h3>
      <p>This check will show {what}. It is not available on this server yet.</p>
    </div>
  );
}
