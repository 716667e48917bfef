import { jobId, pendingMarks, type Clock } from '../domain/clock';
import type { WorkCalendar } from '../domain/calendar';
import type { SlaDeps } from './ports';

/**
 * Makes the scheduler match the clock: pending marks get a timer at their due time, every
 * other mark (fired, paused, stopped, dropped by a new policy) loses its timer. A failure is
 * only logged: MongoDB holds the truth and reconciliation rebuilds what Redis lost.
 */
export async function syncTimers(deps: SlaDeps, c: Clock, cal: WorkCalendar | null, previousMarkKeys: string[] = []): Promise<void> {
  const pending = pendingMarks(c, cal);
  const pendingKeys = new Set(pending.map((p) => p.mark.key));
  const drop = [...new Set([...c.marks.map((m) => m.key), ...previousMarkKeys])].filter((k) => !pendingKeys.has(k) && !c.fired.includes(k));
  deps.logger.debug({ clockId: c.id, drop, pending: pending.map((p) => [p.mark.key, p.dueAt]) }, 'syncing timers');
  try {
    if (drop.length > 0) await deps.scheduler.cancel(drop.map((k) => jobId(c.requestId, c.cycle, c.kind, k)));
    if (pending.length > 0) await deps.scheduler.schedule(pending.map((p) => ({ jobId: jobId(c.requestId, c.cycle, c.kind, p.mark.key), dueAt: p.dueAt })));
  } catch (err) {
    deps.logger.warn({ err: (err as Error).message, clockId: c.id }, 'timers not updated; reconciliation will rebuild them');
  }
}
