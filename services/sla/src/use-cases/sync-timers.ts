import { nextMark, type Clock } from '../domain/clock';
import type { WorkCalendar } from '../domain/calendar';
import type { SlaDeps } from './ports';

export type NextTimer = ReturnType<typeof nextMark>;

/**
 * Keeps one timer per open clock, for its next mark. `before` is the timer the clock needed
 * before this change: if the change made another mark next (it fired, or a new policy) or
 * none (a pause, a stop), that timer goes, unless its mark just fired (it is the job running
 * now, and completes by itself). A failure is only logged: MongoDB holds the truth and
 * reconciliation fires what a lost timer missed.
 */
export async function syncTimers(deps: SlaDeps, c: Clock, cal: WorkCalendar | null, before: NextTimer = null): Promise<void> {
  const next = nextMark(c, cal);
  if (next && before && next.jobId === before.jobId && next.dueAt.getTime() === before.dueAt.getTime()) return;
  try {
    if (before && before.jobId !== next?.jobId && !c.fired.includes(before.mark.key)) await deps.scheduler.cancel([before.jobId]);
    if (next) await deps.scheduler.schedule([{ jobId: next.jobId, dueAt: next.dueAt }]);
  } catch (err) {
    deps.logger.warn({ err: (err as Error).message, clockId: c.id }, 'timer not updated; reconciliation will fire what it misses');
  }
}
