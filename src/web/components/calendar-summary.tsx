import { checks, type CalendarEvent } from '../api/checks';
import { useLoad } from '../tabs/check-state';

/** When an event is: its start and end as sent (all-day dates as dates), with the time zone. */
function when(e: CalendarEvent): string {
  const show = (v: string) => (e.AllDay ? v : v.replace('T', ' ').replace(/Z$/, ' UTC'));
  const span = e.End && e.End !== e.Start ? `${show(e.Start)} – ${show(e.End)}` : show(e.Start);
  return `${span}${e.AllDay ? ' (all day)' : ''}${e.TimeZone ? ` ${e.TimeZone}` : ''}`;
}

const person = (p: { Name: string; Address: string }) => (p.Name ? `${p.Name} <${p.Address}>` : p.Address);

/** The message's calendar invitations, summarised above its tabs (nothing when it has none). */
export default function CalendarSummary({ id }: { id: string }) {
  const [load] = useLoad(() => checks.calendar(id), id);
  if (load.state !== 'done' || load.data.Invitations.length === 0) return null;
  return (
    <section className="calendar" aria-label="Calendar invitation">
      {load.data.Invitations.map((inv) =>
        inv.Events.map((e, i) => (
          <div className="calendar-event" key={`${inv.PartID}-${i}`}>
            <div>
              <span className="tag">{inv.Method || 'calendar'}</span> <strong>{e.Summary || '(no title)'}</strong>
              {e.Status && <span className="muted"> · {e.Status.toLowerCase()}</span>}
            </div>
            <div>{when(e)}</div>
            {e.Location && <div>Where: {e.Location}</div>}
            {e.Organizer && <div>Organiser: {person(e.Organizer)}</div>}
            {e.Attendees.length > 0 && (
              <div>
                Attendees:{' '}
                {e.Attendees.map((a) => `${person(a)}${a.Status ? ` (${a.Status.toLowerCase()})` : ''}`).join(', ')}
              </div>
            )}
          </div>
        )),
      )}
    </section>
  );
}
