import { actorFor, requireRole, type Identity } from '@metrodesk/access';
import { ValidationError } from '@metrodesk/errors';
import { calendarProblems, type Calendar } from '../domain/calendar';
import type { SlaDeps, StoredCalendar } from './ports';
import { calendarSavedEvents } from './policy-events';

/** Loads or replaces a whole calendar. Deadlines of running clocks follow it from their next change or reconciliation. */
export async function saveCalendar(deps: Pick<SlaDeps, 'calendars' | 'forgetCalendar' | 'now'> & Partial<Pick<SlaDeps, 'notify'>>, who: Identity, cal: Calendar): Promise<StoredCalendar> {
  requireRole(who, 'province_manager', 'admin');
  const problems = calendarProblems(cal);
  if (problems.length > 0) throw new ValidationError(problems);
  const now = deps.now?.() ?? new Date();
  const saved = await deps.calendars.save(cal, now, calendarSavedEvents(cal, now, actorFor(who)));
  deps.forgetCalendar(cal.id);
  deps.notify?.();
  return saved;
}
