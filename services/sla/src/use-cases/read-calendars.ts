import { requireRole, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { SlaDeps, StoredCalendar } from './ports';

/** Calendars are reference data every staff member may read. */
export async function readCalendars(deps: Pick<SlaDeps, 'calendars'>, who: Identity, id?: string): Promise<StoredCalendar[]> {
  requireRole(who, 'liaison', 'city_manager', 'province_manager', 'admin', 'service');
  if (!id) return deps.calendars.list();
  const cal = await deps.calendars.find(id);
  if (!cal) throw new NotFoundError('calendar', id);
  return [cal];
}
