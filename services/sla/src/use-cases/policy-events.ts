import { eventFor, type EventActor, type OutboxEntry } from '@metrodesk/events/model';
import { calendarSaved, policySaved } from '@metrodesk/contracts';
import type { Calendar } from '../domain/calendar';
import type { Policy } from '../domain/policy';

const SOURCE = 'sla';

const targets = (p: Policy) => ({ responseHours: p.responseHours, resolutionWorkingDays: p.resolutionWorkingDays, returnVisitWorkingDays: p.returnVisitWorkingDays, calendarId: p.calendarId });

/** The event of a new policy version, with the targets of the version it replaced. */
export function policySavedEvent(p: Policy, previous: Policy | null, actor: EventActor): OutboxEntry {
  return eventFor(policySaved, {
    subject: p.id,
    source: SOURCE,
    time: p.createdAt,
    actor,
    data: { policyId: p.id, category: p.category, priority: p.priority, version: p.version, ...targets(p), previous: previous ? targets(previous) : null },
  });
}

/** The event of a calendar as saved at `version`; `year` when one year's notice was the change. */
export function calendarSavedEvents(cal: Calendar, at: Date, actor: EventActor, year?: number): (version: number) => OutboxEntry[] {
  return (version) => [
    eventFor(calendarSaved, {
      subject: cal.id,
      source: SOURCE,
      time: at,
      actor,
      data: { calendarId: cal.id, name: cal.name, version, holidays: cal.holidays.length, workdays: cal.workdays.length, years: cal.years ?? [], year: year ?? null, days: { weekendDays: cal.weekendDays, holidays: cal.holidays.map((h) => h.date), workdays: cal.workdays.map((w) => w.date) } },
    }),
  ];
}
