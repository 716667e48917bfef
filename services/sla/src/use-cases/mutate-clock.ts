import { KeyedLock } from '@metrodesk/mongo/keyed-lock';
import type { WorkCalendar } from '../domain/calendar';
import { nextMark, type Clock } from '../domain/clock';
import type { Transition } from '../domain/transitions';
import { eventsFor } from './clock-events';
import type { SlaDeps } from './ports';
import { syncTimers } from './sync-timers';

const MAX_TRIES = 8;

/**
 * Mutations of one clock run one at a time in this process: the request consumer and the
 * timer worker both mutate clocks, and queueing them here spares the compare-and-set below
 * its retries.
 */
const clockLock = new KeyedLock();

/**
 * Reads a clock, applies a pure transition and writes the result with its events in one
 * compare-and-set; a concurrent writer makes it re-read and try again. Returns the stored
 * clock, or null when the clock does not exist.
 */
export function mutateClock(
  deps: SlaDeps,
  id: string,
  change: (c: Clock, cal: WorkCalendar | null, now: Date) => Transition,
  options: { eventVersion?: number } = {},
): Promise<Clock | null> {
  return clockLock.run(id, () => mutateOnce(deps, id, change, options));
}

async function mutateOnce(
  deps: SlaDeps,
  id: string,
  change: (c: Clock, cal: WorkCalendar | null, now: Date) => Transition,
  options: { eventVersion?: number },
): Promise<Clock | null> {
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    const current = await deps.clocks.findById(id);
    if (!current) return null;
    // A request event no newer than the last one applied is a redelivery or arrived late.
    if (options.eventVersion !== undefined && options.eventVersion <= current.lastEventVersion) return current;
    const cal = await deps.calendarFor(current.calendarId);
    const now = deps.now?.() ?? new Date();
    const { clock, happenings } = change(current, cal, now);
    const next = options.eventVersion !== undefined ? { ...clock, lastEventVersion: options.eventVersion } : clock;
    if (happenings.length === 0 && next === current) return current;
    const nextCal = next.calendarId === current.calendarId ? cal : await deps.calendarFor(next.calendarId);
    const events = eventsFor(next, happenings, nextCal, now);
    if (await deps.clocks.replaceIf(next, current.rev, events)) {
      if (events.length > 0) deps.notify();
      const newlyMissing = next.calendarMissing.filter((y) => !current.calendarMissing.includes(y));
      if (newlyMissing.length > 0) deps.calendarMissing?.(next, newlyMissing);
      await syncTimers(deps, next, nextCal, nextMark(current, cal));
      return { ...next, rev: current.rev + 1 };
    }
  }
  throw Object.assign(new Error(`clock ${id} kept changing under ${MAX_TRIES} attempts`), { transient: true });
}
