import { describe, expect, it } from 'vitest';
import { readRoute, routeUrl, type Route } from './router';
import { webroot } from './webroot';

const at = (path: string, search = '') => readRoute({ pathname: webroot + path, search } as Location);

describe('the UI routes', () => {
  it('reads the tool pages and a session, and writes them back to the same URL', () => {
    const cases: Array<[string, Route]> = [
      ['sessions', { page: 'sessions' }],
      ['sessions/s%2F1', { page: 'session', id: 's/1' }],
      ['chaos', { page: 'chaos' }],
      ['relay', { page: 'relay' }],
      ['view/abc', { page: 'message', id: 'abc' }],
    ];
    for (const [path, route] of cases) {
      expect(at(path)).toEqual(route);
      expect(routeUrl(route)).toBe(webroot + path);
    }
  });

  it('sends unknown paths to the list', () => {
    expect(at('sessions/a/b')).toEqual({ page: 'list' });
    expect(at('chaos/rules')).toEqual({ page: 'list' });
    expect(at('search', '?q=')).toEqual({ page: 'list' });
  });
});
