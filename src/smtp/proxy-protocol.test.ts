import { describe, expect, it } from 'vitest';
import { buildProxyV2Header, parseProxyHeader } from './proxy-protocol.js';

describe('PROXY protocol v1', () => {
  it('reads a TCP4 line and says how many bytes it used', () => {
    const buf = Buffer.from('PROXY TCP4 192.0.2.10 198.51.100.1 56324 25\r\nEHLO x\r\n');
    expect(parseProxyHeader(buf)).toEqual({
      status: 'ok',
      consumed: 45,
      source: { address: '192.0.2.10', port: 56324 },
      destination: { address: '198.51.100.1', port: 25 },
    });
  });

  it('reads a TCP6 line', () => {
    const r = parseProxyHeader(Buffer.from('PROXY TCP6 2001:db8::1 ::1 4000 2525\r\n'));
    expect(r).toMatchObject({ status: 'ok', source: { address: '2001:db8::1', port: 4000 } });
  });

  it('keeps the real addresses for UNKNOWN', () => {
    expect(parseProxyHeader(Buffer.from('PROXY UNKNOWN\r\n'))).toEqual({ status: 'ok', consumed: 15, source: null, destination: null });
  });

  it('waits for the rest of a header that arrived in pieces', () => {
    expect(parseProxyHeader(Buffer.from('PRO'))).toEqual({ status: 'incomplete' });
    expect(parseProxyHeader(Buffer.from('PROXY TCP4 192.0.2.10'))).toEqual({ status: 'incomplete' });
  });

  it.each([
    'EHLO client.example\r\n',
    'PROXY TCP4 999.0.0.1 198.51.100.1 1 25\r\n',
    'PROXY TCP4 192.0.2.10 198.51.100.1 70000 25\r\n',
    'PROXY UDP4 192.0.2.10 198.51.100.1 1 25\r\n',
    'PROXY TCP4 192.0.2.10 198.51.100.1 1\r\n',
    `PROXY TCP4 ${'1'.repeat(120)}`,
  ])('rejects %j', (text) => {
    expect(parseProxyHeader(Buffer.from(text)).status).toBe('invalid');
  });
});

describe('PROXY protocol v2', () => {
  it('reads an IPv4 header built by the helper', () => {
    const header = buildProxyV2Header({ address: '203.0.113.7', port: 40000 }, { address: '10.0.0.1', port: 25 });
    const r = parseProxyHeader(Buffer.concat([header, Buffer.from('EHLO x\r\n')]));
    expect(r).toEqual({
      status: 'ok',
      consumed: 28,
      source: { address: '203.0.113.7', port: 40000 },
      destination: { address: '10.0.0.1', port: 25 },
    });
  });

  it('reads an IPv6 header and writes the address in its short form', () => {
    const header = buildProxyV2Header({ address: '2001:db8::7', port: 1 }, { address: '::1', port: 25 });
    expect(parseProxyHeader(header)).toMatchObject({ status: 'ok', consumed: 52, source: { address: '2001:db8::7' }, destination: { address: '::1' } });
  });

  it('waits for the whole header', () => {
    const header = buildProxyV2Header({ address: '203.0.113.7', port: 1 }, { address: '10.0.0.1', port: 25 });
    for (let n = 1; n < header.length; n++) expect(parseProxyHeader(header.subarray(0, n)).status).toBe('incomplete');
  });

  it('keeps the real addresses for a LOCAL command', () => {
    const header = buildProxyV2Header({ address: '203.0.113.7', port: 1 }, { address: '10.0.0.1', port: 25 });
    header[12] = 0x20;
    expect(parseProxyHeader(header)).toMatchObject({ status: 'ok', source: null });
  });

  it('rejects a wrong version', () => {
    const header = buildProxyV2Header({ address: '203.0.113.7', port: 1 }, { address: '10.0.0.1', port: 25 });
    header[12] = 0x11;
    expect(parseProxyHeader(header).status).toBe('invalid');
  });
});
