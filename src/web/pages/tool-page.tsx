import type { ToolRoute } from '../lib/router';
import { ChaosPage } from './chaos-page';
import { RelayPage } from './relay-page';
import { SessionPage } from './session-page';
import { SessionsPage } from './sessions-page';

/** The page of a route that is not the mailbox; the app loads this module on demand. */
export default function ToolPage({ route }: { route: ToolRoute }) {
  switch (route.page) {
    case 'sessions':
      return <SessionsPage />;
    case 'session':
      return <SessionPage key={route.id} id={route.id} />;
    case 'chaos':
      return <ChaosPage />;
    case 'relay':
      return <RelayPage />;
  }
}
