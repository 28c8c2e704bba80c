import { describe, expect, it } from 'vitest';
import { parseSpamdAnswer } from './spamd-client.js';
import { parseSpamdRules } from './spamd-report.js';

const REPORT = [
  'Spam detection software, running on the system "mx", has identified this incoming email as possible spam.',
  '',
  'Content analysis details:   (1003.7 points, 5.0 required)',
  '',
  ' pts rule name              description',
  '---- ---------------------- --------------------------------------------------',
  '1000 GTUBE                  BODY: Generic Test for Unsolicited Bulk Email',
  ' 1.4 MISSING_DATE           Missing Date: header',
  '-0.0 NO_RELAYS              Informational: message was not relayed via SMTP',
  ' 2.5 URIBL_BLOCKED          ADMINISTRATOR NOTICE: The query to URIBL was blocked.',
  '                            See http://wiki.apache.org/spamassassin/DnsBlocklists',
  '                            for more information.',
  '',
  'The original message was not completely plain text.',
].join('\n');

describe('parseSpamdRules', () => {
  it('reads every row of the table with its points, name and description', () => {
    const rules = parseSpamdRules(REPORT);
    expect(rules.map((r) => [r.name, r.score])).toEqual([
      ['GTUBE', 1000],
      ['MISSING_DATE', 1.4],
      ['NO_RELAYS', -0],
      ['URIBL_BLOCKED', 2.5],
    ]);
    expect(rules[0].description).toBe('BODY: Generic Test for Unsolicited Bulk Email');
  });

  it('joins a description wrapped over several lines', () => {
    expect(parseSpamdRules(REPORT)[3].description).toBe(
      'ADMINISTRATOR NOTICE: The query to URIBL was blocked. See http://wiki.apache.org/spamassassin/DnsBlocklists for more information.',
    );
  });

  it('finds no rules in a report without the table', () => {
    expect(parseSpamdRules('nothing to see')).toEqual([]);
  });
});

describe('parseSpamdAnswer', () => {
  it('reads the verdict, score and threshold from the Spam header', () => {
    const answer = parseSpamdAnswer(Buffer.from('SPAMD/1.1 0 EX_OK\r\nContent-length: 4\r\nSpam: True ; 1003.7 / 5.0\r\n\r\nbody'));
    expect(answer).toEqual({ isSpam: true, score: 1003.7, threshold: 5, report: 'body' });
  });

  it('reads a negative score as not spam', () => {
    const answer = parseSpamdAnswer(Buffer.from('SPAMD/1.1 0 EX_OK\r\nSpam: False ; -0.5 / 5.0\r\n\r\n'));
    expect(answer.isSpam).toBe(false);
    expect(answer.score).toBe(-0.5);
  });

  it('turns a spamd error status into an error with its code and text', () => {
    expect(() => parseSpamdAnswer(Buffer.from('SPAMD/1.0 76 Bad header line: X\r\n'))).toThrow('spamd error 76: Bad header line: X');
  });

  it('refuses an answer without a Spam header', () => {
    expect(() => parseSpamdAnswer(Buffer.from('SPAMD/1.1 0 EX_OK\r\n\r\n'))).toThrow(/without a Spam: header/);
  });
});
