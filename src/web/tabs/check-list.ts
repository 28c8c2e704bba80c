/** The message checks, one tab each; their views load on first use (see check-tabs.tsx). */
export const CHECK_TABS = [
  { key: 'html-check', label: 'HTML check' },
  { key: 'link-check', label: 'Links' },
  { key: 'spam', label: 'Spam' },
  { key: 'lint', label: 'Lint' },
  { key: 'auth', label: 'Authentication' },
  { key: 'screenshots', label: 'Screenshots' },
] as const;

/** A check tab's key. */
export type CheckKey = (typeof CHECK_TABS)[number]['key'];
