import { describe, expect, it } from 'vitest';
import { parseCalendar } from './calendar.js';

describe('parseCalendar', () => {
  it('reads a cancellation: all-day dates, folded lines, quoted parameters with colons, escapes', () => {
    const ics = [
      'BEGIN:VCALENDAR',
      'METHOD:CANCEL',
      'BEGIN:VEVENT',
      'UID:offsite-1',
      'DTSTART;VALUE=DATE:20261224',
      'DTEND;VALUE=DATE:20261225',
      'SUMMARY:Team offsite\\nday one\\, cancelled',
      'ORGANIZER;CN="Ops: Events";SENT-BY="mailto:pa@example.com":mailto:ops@ex',
      ' ample.com',
      'STATUS:CANCELLED',
      'SEQUENCE:2',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(parseCalendar(ics)).toEqual({
      Method: 'CANCEL',
      Events: [
        {
          UID: 'offsite-1',
          Summary: 'Team offsite\nday one, cancelled',
          Start: '2026-12-24',
          End: '2026-12-25',
          AllDay: true,
          TimeZone: '',
          Location: '',
          Organizer: { Name: 'Ops: Events', Address: 'ops@example.com' },
          Attendees: [],
          Status: 'CANCELLED',
          Sequence: 2,
        },
      ],
    });
  });

  it('gives nothing for text that is not a calendar, and ignores a VEVENT never closed', () => {
    expect(parseCalendar('hello\nworld')).toEqual({ Method: '', Events: [] });
    expect(parseCalendar('BEGIN:VCALENDAR\nBEGIN:VEVENT\nSUMMARY:x\n').Events).toEqual([]);
  });
});
