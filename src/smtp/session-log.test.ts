import { describe, expect, it } from 'vitest';
import { SessionLog } from './session-log.js';
import type { SessionInfo } from './types.js';

const info = (id: string) => ({ id }) as SessionInfo;

describe('SessionLog', () => {
  it('keeps the newest sessions, newest first, and forgets evicted ones', () => {
    const log = new SessionLog(3);
    for (const id of ['a', 'b', 'c', 'd', 'e']) log.open(info(id));
    expect(log.count).toBe(3);
    expect(log.list(0, 10).map((t) => t.info.id)).toEqual(['e', 'd', 'c']);
    expect(log.list(1, 1).map((t) => t.info.id)).toEqual(['d']);
    expect(log.get('b')).toBeUndefined();
    expect(log.get('c')?.info.id).toBe('c');
  });

  it('keeps nothing with capacity 0', () => {
    const log = new SessionLog(0);
    expect(log.open(info('a'))).toBeNull();
    expect(log.list(0, 10)).toEqual([]);
  });

  it('keeps the first and last lines of a long transcript and counts the rest', () => {
    const t = new SessionLog(1).open(info('a'))!;
    for (let i = 0; i < 700; i++) t.client(`NOOP ${i}`);
    const lines = t.lines();
    expect(lines).toHaveLength(500);
    expect(t.omitted).toBe(200);
    expect(t.lineCount).toBe(700);
    expect(lines[249].text).toBe('NOOP 249');
    expect(lines[250].text).toBe('NOOP 450');
    expect(lines[499].text).toBe('NOOP 699');
  });

  it('keeps the first and last 100 message IDs of a long session and counts them all', () => {
    const t = new SessionLog(1).open(info('a'))!;
    for (let i = 0; i < 450; i++) t.accepted(`m${i}`);
    const ids = t.messageIds();
    expect(t.messageCount).toBe(450);
    expect(ids).toHaveLength(200);
    expect(ids.slice(0, 2)).toEqual(['m0', 'm1']);
    expect(ids.slice(99, 101)).toEqual(['m99', 'm350']);
    expect(ids.at(-1)).toBe('m449');
  });

  it('says how a session ended: the first reason the server gave, else the client closed', () => {
    const log = new SessionLog(2);
    const a = log.open(info('a'))!;
    a.closing('idle timeout');
    a.closing('server shut down');
    a.end();
    const b = log.open(info('b'))!;
    b.end();
    expect([a.endReason, b.endReason]).toEqual(['idle timeout', 'client closed the connection']);
    expect(a.endedAt).not.toBeNull();
  });
});
