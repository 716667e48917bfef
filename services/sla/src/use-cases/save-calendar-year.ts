import { actorFor, requireRole, type Identity } from '@metrodesk/access';
import { NotFoundError, ValidationError } from '@metrodesk/errors';
import { calendarProblems, withYear, yearNoticeProblems, type YearNotice } from '../domain/calendar';
import { recount } from '../domain/transitions';
import type { SlaDeps, StoredCalendar } from './ports';
import { mutateClock } from './mutate-clock';
import { calendarSavedEvents } from './policy-events';

/**
 * Loads one year's State Council notice into a calendar (the form on the console's SLA page).
 * The open clocks whose deadline was a weekend-rule estimate for that year are counted again
 * at once, so their deadlines and timers follow the official days.
 */
export async function saveCalendarYear(deps: SlaDeps, who: Identity, calendarId: string, year: number, notice: YearNotice): Promise<StoredCalendar> {
  requireRole(who, 'province_manager', 'admin');
  const current = await deps.calendars.find(calendarId);
  if (!current) throw new NotFoundError('calendar', calendarId);
  const { version: _v, updatedAt: _u, ...cal } = current;
  const problems = yearNoticeProblems(year, notice, cal.weekendDays);
  if (problems.length > 0) throw new ValidationError(problems);
  const note = notice.note ? [cal.note, `${year}: ${notice.note}`].filter(Boolean).join('\n').slice(-2000) : cal.note;
  const next = withYear({ ...cal, ...(note ? { note } : {}) }, year, notice);
  const more = calendarProblems(next);
  if (more.length > 0) throw new ValidationError(more);
  const now = deps.now?.() ?? new Date();
  const saved = await deps.calendars.save(next, now, calendarSavedEvents(next, now, actorFor(who), year));
  deps.forgetCalendar(calendarId);
  deps.notify();
  for (const c of await deps.clocks.findCalendarMissing(calendarId)) {
    if (c.calendarMissing.includes(year)) await mutateClock(deps, c.id, (clock, fresh) => recount(clock, fresh));
  }
  return saved;
}
