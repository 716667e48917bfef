import { handlerMap, on, type EventEnvelope } from '@metrodesk/events';
import { calendarSaved } from '@metrodesk/contracts';
import type { z } from 'zod';
import type { CalendarState } from '../persistence/calendar.repository';

type CalendarData = z.infer<typeof calendarSaved.data>;

/**
 * The working-day calendars the SLA service keeps, from `sla.calendar.saved`: the city
 * managers' digest goes out on the bureau's working days. An event without its days (older
 * than the field) teaches nothing.
 */
export function calendarsHandlers(deps: { calendars: { upsertNewer(c: CalendarState): Promise<unknown> } }) {
  const project = async (e: EventEnvelope<CalendarData>) => {
    const d = e.data;
    if (!d.days) return;
    await deps.calendars.upsertNewer({ calendarId: d.calendarId, version: d.version, ...d.days });
  };
  // A version-checked upsert: a repeat changes nothing.
  return handlerMap(on(calendarSaved, project, { idempotent: true }));
}
