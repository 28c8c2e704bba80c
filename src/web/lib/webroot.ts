/**
 * The server's webroot, with a trailing slash ('/' or '/mail/'). The entry script is served
 * from `{webroot}assets/…`, so its own URL tells where the UI lives, under any `--webroot`.
 */
export const webroot: string = new URL(/* @vite-ignore */ '../', import.meta.url).pathname;

/** A path under the webroot: `under('api/v1/info')` → `/mail/api/v1/info`. */
export function under(path: string): string {
  return webroot + path.replace(/^\//, '');
}
