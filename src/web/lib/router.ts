import { useEffect, useState } from 'react';
import { webroot } from './webroot';

/** The UI's routes, as Mailpit's (so bookmarks carry over). */
export type Route =
  | { page: 'list' }
  | { page: 'search'; query: string }
  | { page: 'message'; id: string }
  | { page: 'sessions' }
  | { page: 'session'; id: string }
  | { page: 'chaos' }
  | { page: 'relay' };

/** The pages that are not the mailbox (sessions, chaos, relay queue). */
export type ToolRoute = Extract<Route, { page: 'sessions' | 'session' | 'chaos' | 'relay' }>;

/** The route of the current location. */
export function readRoute(loc: Location = location): Route {
  const path = loc.pathname.startsWith(webroot) ? loc.pathname.slice(webroot.length) : '';
  const view = /^view\/([^/]+)$/.exec(path);
  if (view) return { page: 'message', id: decodeURIComponent(view[1]) };
  const session = /^sessions\/([^/]+)$/.exec(path);
  if (session) return { page: 'session', id: decodeURIComponent(session[1]) };
  if (path === 'sessions' || path === 'chaos' || path === 'relay') return { page: path };
  if (path === 'search') {
    const query = new URLSearchParams(loc.search).get('q') ?? '';
    return query.trim() ? { page: 'search', query } : { page: 'list' };
  }
  return { page: 'list' };
}

/** The URL of a route, under the webroot. */
export function routeUrl(route: Route): string {
  switch (route.page) {
    case 'list':
      return webroot;
    case 'search':
      return `${webroot}search?${new URLSearchParams({ q: route.query })}`;
    case 'message':
      return `${webroot}view/${encodeURIComponent(route.id)}`;
    case 'session':
      return `${webroot}sessions/${encodeURIComponent(route.id)}`;
    case 'sessions':
    case 'chaos':
    case 'relay':
      return `${webroot}${route.page}`;
  }
}

const listeners = new Set<() => void>();

/** Goes to a route (a history entry unless `replace`). */
export function navigate(route: Route, replace = false): void {
  const url = routeUrl(route);
  if (url === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', url);
  else history.pushState(null, '', url);
  listeners.forEach((fn) => fn());
}

/** The current route, following navigation and the back button. */
export function useRoute(): Route {
  const [route, setRoute] = useState(readRoute);
  useEffect(() => {
    const update = () => setRoute(readRoute());
    listeners.add(update);
    addEventListener('popstate', update);
    return () => {
      listeners.delete(update);
      removeEventListener('popstate', update);
    };
  }, []);
  return route;
}
