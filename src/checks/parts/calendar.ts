import type { PartContent } from '../../mime/index.js';

/** A mailbox named in a calendar (ORGANIZER, ATTENDEE). */
export interface CalendarPerson {
  Name: string;
  Address: string;
}

/** An attendee with what RFC 5545 3.2 says of them. */
export interface CalendarAttendee extends CalendarPerson {
  /** ROLE: REQ-PARTICIPANT (default), OPT-PARTICIPANT, CHAIR, NON-PARTICIPANT. */
  Role: string;
  /** PARTSTAT: NEEDS-ACTION (default), ACCEPTED, DECLINED, TENTATIVE, DELEGATED. */
  Status: string;
  RSVP: boolean;
}

/** One VEVENT, summarised. */
export interface CalendarEvent {
  UID: string;
  Summary: string;
  /** `2026-12-01T10:00:00Z` (UTC), `2026-12-01T10:00:00` (local to TimeZone or floating) or `2026-12-01` (all day). */
  Start: string;
  End: string;
  AllDay: boolean;
  /** TZID of Start, or '' (UTC or floating). */
  TimeZone: string;
  Location: string;
  Organizer: CalendarPerson | null;
  Attendees: CalendarAttendee[];
  /** STATUS: TENTATIVE, CONFIRMED, CANCELLED, or ''. */
  Status: string;
  Sequence: number;
}

/** A calendar part (an invitation, an update, a cancellation) of a message. */
export interface CalendarInvitation {
  PartID: string;
  FileName: string;
  /** iTIP method (RFC 5546): REQUEST, CANCEL, REPLY, PUBLISH …, or '' for a plain calendar file. */
  Method: string;
  Events: CalendarEvent[];
}

/** Bounds for hostile calendars: bytes read, events and attendees kept. */
const MAX_CALENDAR_BYTES = 1024 * 1024;
const MAX_EVENTS = 100;
const MAX_ATTENDEES = 500;

/** True for a part that is an iCalendar file (text/calendar, application/ics, *.ics). */
export function isCalendarPart(part: PartContent['part']): boolean {
  return /^(text\/calendar|application\/ics)$/i.test(part.contentType) || /\.ics$/i.test(part.fileName);
}

/** Summarises every calendar part of a message. */
export function summariseCalendars(parts: PartContent[]): CalendarInvitation[] {
  return parts
    .filter((p) => isCalendarPart(p.part))
    .map(({ part, content }) => ({ PartID: part.partId, FileName: part.fileName, ...parseCalendar(content.subarray(0, MAX_CALENDAR_BYTES).toString('utf8')) }));
}

/** One content line: name, parameters (upper-case names) and the raw value. */
interface ContentLine {
  name: string;
  params: Record<string, string>;
  value: string;
}

/** Reads an iCalendar text: its METHOD and each VEVENT. Unknown properties are skipped. */
export function parseCalendar(text: string): { Method: string; Events: CalendarEvent[] } {
  let method = '';
  const events: CalendarEvent[] = [];
  let event: CalendarEvent | null = null;
  let depth = 0;
  for (const line of contentLines(text)) {
    if (line.name === 'BEGIN') {
      depth += 1;
      if (line.value.toUpperCase() === 'VEVENT' && events.length < MAX_EVENTS) event = emptyEvent();
      continue;
    }
    if (line.name === 'END') {
      depth -= 1;
      if (line.value.toUpperCase() === 'VEVENT' && event) {
        events.push(event);
        event = null;
      }
      continue;
    }
    if (line.name === 'METHOD' && depth === 1) method = line.value.trim().toUpperCase();
    if (event) readEventProperty(event, line);
  }
  return { Method: method, Events: events };
}

function emptyEvent(): CalendarEvent {
  return { UID: '', Summary: '', Start: '', End: '', AllDay: false, TimeZone: '', Location: '', Organizer: null, Attendees: [], Status: '', Sequence: 0 };
}

function readEventProperty(event: CalendarEvent, { name, params, value }: ContentLine): void {
  switch (name) {
    case 'UID':
      event.UID = unescapeText(value);
      break;
    case 'SUMMARY':
      event.Summary = unescapeText(value);
      break;
    case 'LOCATION':
      event.Location = unescapeText(value);
      break;
    case 'STATUS':
      event.Status = value.trim().toUpperCase();
      break;
    case 'SEQUENCE':
      event.Sequence = Number.parseInt(value, 10) || 0;
      break;
    case 'DTSTART':
      event.Start = formatDateTime(value);
      event.AllDay = params.VALUE?.toUpperCase() === 'DATE' || /^\d{8}$/.test(value.trim());
      event.TimeZone = params.TZID ?? '';
      break;
    case 'DTEND':
      event.End = formatDateTime(value);
      break;
    case 'ORGANIZER':
      event.Organizer = person(params, value);
      break;
    case 'ATTENDEE':
      if (event.Attendees.length < MAX_ATTENDEES) {
        event.Attendees.push({
          ...person(params, value),
          Role: (params.ROLE ?? 'REQ-PARTICIPANT').toUpperCase(),
          Status: (params.PARTSTAT ?? 'NEEDS-ACTION').toUpperCase(),
          RSVP: (params.RSVP ?? '').toUpperCase() === 'TRUE',
        });
      }
      break;
    default:
  }
}

/** Unfolds (RFC 5545 3.1: a line break followed by a space or tab) and splits each line. */
function* contentLines(text: string): Generator<ContentLine> {
  const unfolded = text.replace(/\r?\n[ \t]/g, '');
  for (const raw of unfolded.split(/\r?\n/)) {
    const line = parseContentLine(raw);
    if (line) yield line;
  }
}

function parseContentLine(raw: string): ContentLine | null {
  // name *(";" param) ":" value — a ':' inside a quoted parameter value is not the separator.
  const match = /^([A-Za-z0-9-]+)((?:;[A-Za-z0-9-]+=(?:"[^"]*"|[^;:"]*)(?:,(?:"[^"]*"|[^;:,"]*))*)*):(.*)$/.exec(raw);
  if (!match) return null;
  const params: Record<string, string> = {};
  for (const param of match[2].matchAll(/;([A-Za-z0-9-]+)=("[^"]*"|[^;:"]*)/g)) {
    params[param[1].toUpperCase()] = param[2].replace(/^"|"$/g, '');
  }
  return { name: match[1].toUpperCase(), params, value: match[3] };
}

/** TEXT values escape `\\`, `\;`, `\,` and `\n` (RFC 5545 3.3.11). */
function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

function person(params: Record<string, string>, value: string): CalendarPerson {
  return { Name: params.CN ?? '', Address: value.trim().replace(/^mailto:/i, '') };
}

/** `20261201T100000Z` → `2026-12-01T10:00:00Z`; `20261201` → `2026-12-01`; anything else as written. */
function formatDateTime(value: string): string {
  const v = value.trim();
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (date) return `${date[1]}-${date[2]}-${date[3]}`;
  const time = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(Z?)$/.exec(v);
  if (time) return `${time[1]}-${time[2]}-${time[3]}T${time[4]}:${time[5]}:${time[6]}${time[7]}`;
  return v;
}
