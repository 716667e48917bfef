import { requireRole, type Identity } from '@metrodesk/access';
import { ValidationError } from '@metrodesk/errors';
import { calendarProblems, type Calendar } from '../domain/calendar';
import type { SlaDeps, StoredCalendar } from './ports';

/** Loads or replaces a whole calendar. Deadlines of running clocks follow it from their next change or reconciliation. */
export async function saveCalendar(deps: Pick<SlaDeps, 'calendars' | 'forgetCalendar' | 'now'>, who: Identity, cal: Calendar): Promise<StoredCalendar> {
  requireRole(who, 'province_manager', 'admin');
  const problems = calendarProblems(cal);
  if (problems.length > 0) throw new ValidationError(problems);
  const saved = await deps.calendars.save(cal, deps.now?.() ?? new Date());
  deps.forgetCalendar(cal.id);
  return saved;
}
