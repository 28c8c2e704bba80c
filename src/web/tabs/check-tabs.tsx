import type { CheckKey } from './check-list';
import { AuthTab } from './auth-tab';
import { HtmlCheckTab } from './html-check-tab';
import { LinkCheckTab } from './link-check-tab';
import { LintTab } from './lint-tab';
import { ScreenshotsTab } from './screenshots-tab';
import { SpamTab } from './spam-tab';

interface CheckTabProps {
  check: CheckKey;
  id: string;
  /** Opens the HTML source at these lines (the first scrolled to). */
  onShowLines(lines: number[]): void;
}

/** The view of one check; the message view loads this module on demand. */
export default function CheckTab({ check, id, onShowLines }: CheckTabProps) {
  switch (check) {
    case 'html-check':
      return <HtmlCheckTab id={id} onShowLines={onShowLines} />;
    case 'link-check':
      return <LinkCheckTab id={id} />;
    case 'spam':
      return <SpamTab id={id} />;
    case 'lint':
      return <LintTab id={id} onShowLines={onShowLines} />;
    case 'auth':
      return <AuthTab id={id} />;
    case 'screenshots':
      return <ScreenshotsTab id={id} />;
  }
}
