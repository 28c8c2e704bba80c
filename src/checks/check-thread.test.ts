import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { isDevmailError } from '../core/errors.js';
import { createCheckThread } from './check-thread.js';
import { CONTENT_CHECKS } from './content-checks.js';

const newsletter = readFileSync(new URL('../../test/fixtures/newsletter.eml', import.meta.url));
const envelope = { mailFrom: 'news@news.example.com', rcptTo: ['reader@example.org'] };
const thread = createCheckThread();

afterAll(async () => {
  await thread.close();
});

describe('createCheckThread', () => {
  it('answers what the checks answer on this thread', async () => {
    for (const check of ['html-check', 'lint', 'calendar', 'link-urls'] as const) {
      expect(await thread.run(check, newsletter, envelope)).toEqual(await CONTENT_CHECKS[check](newsletter, envelope));
    }
  });

  it('stops a check that runs past its time with a 503-class error, leaving other threads alone', async () => {
    const impatient = createCheckThread({ timeoutMs: 1 });
    try {
      const err = await impatient.run('html-check', newsletter, envelope).catch((e: unknown) => e);
      expect(isDevmailError(err, 'unavailable')).toBe(true);
      expect((err as Error).message).toBe('html-check took longer than 0.001s and was stopped');
    } finally {
      await impatient.close();
    }
    expect(await thread.run('link-urls', newsletter, envelope)).toContain('https://news.example.com/unsubscribe?u=8f3a2c');
  });

  it('refuses work once closed', async () => {
    const closed = createCheckThread();
    await closed.close();
    await expect(closed.run('lint', newsletter, envelope)).rejects.toThrow('shutting down');
  });
});
