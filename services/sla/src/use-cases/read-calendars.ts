import { requireRole, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import { compileCalendar, missingYears } from '../domain/calendar';
import type { SlaDeps, StoredCalendar } from './ports';

/** A deadline started today can reach this far ahead (the longest default target is 5 working days, plus holidays). */
export const COVERAGE_HORIZON_MS = 60 * 86_400_000;

export type CalendarWithCoverage = StoredCalendar & { missingYears: number[] };

/**
 * Calendars are reference data every staff member may read. Each comes with the years it
 * lacks that matter now: from this year to the one a deadline started today may reach, and
 * any a running clock's deadline reached (the console's "2027 calendar not loaded" banner).
 */
export async function readCalendars(deps: Pick<SlaDeps, 'calendars' | 'clocks' | 'now'>, who: Identity, id?: string): Promise<CalendarWithCoverage[]> {
  requireRole(who, 'liaison', 'city_manager', 'province_manager', 'admin', 'service');
  const cals = id ? [await deps.calendars.find(id)] : await deps.calendars.list();
  if (id && !cals[0]) throw new NotFoundError('calendar', id);
  const now = (deps.now?.() ?? new Date()).getTime();
  const flagged = await deps.clocks.findCalendarMissing(id);
  return (cals as StoredCalendar[]).map((cal) => {
    const ahead = missingYears(compileCalendar(cal), now, now + COVERAGE_HORIZON_MS);
    const reached = flagged.filter((c) => c.calendarId === cal.id).flatMap((c) => c.calendarMissing);
    return { ...cal, missingYears: [...new Set([...ahead, ...reached])].sort((a, b) => a - b) };
  });
}
