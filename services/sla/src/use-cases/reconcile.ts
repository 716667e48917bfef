import { nextMark, type Clock } from '../domain/clock';
import type { SlaDeps, Timer } from './ports';
import { fireDueMarks } from './fire-due-marks';

export interface ReconcileReport {
  /** 'rebuild' scanned every open clock; 'overdue' only those whose next mark is past due. */
  mode: 'rebuild' | 'overdue';
  clocks: number;
  firedNow: number;
  timersEnsured: number;
}

export interface ReconcileOptions {
  batchSize?: number;
  /** Clocks fired at the same time; each is its own single-document write. */
  concurrency?: number;
}

/** A timer this late has been lost (Redis wiped, a failed schedule); a live one fires well within it. */
export const OVERDUE_GRACE_MS = 10_000;

async function fireAll(deps: SlaDeps, clocks: Clock[], concurrency: number): Promise<void> {
  let i = 0;
  const lane = async () => {
    while (i < clocks.length) await fireDueMarks(deps, clocks[i++]!.id);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, clocks.length) }, lane));
}

/**
 * Rebuilds the scheduler from MongoDB: a mark that fell due while no timer existed (the
 * service was down, Redis was wiped) fires at once, and its write schedules the next mark;
 * every other open clock gets the timer of its next mark back if it is missing. Safe to run
 * at any time and from several processes: firing is a compare-and-set on the clock, and
 * timers have deterministic ids.
 */
export async function reconcile(deps: SlaDeps, o: ReconcileOptions = {}): Promise<ReconcileReport> {
  const report: ReconcileReport = { mode: 'rebuild', clocks: 0, firedNow: 0, timersEnsured: 0 };
  // Marked first: if Redis is wiped during the pass, the mark goes too and the next tick rebuilds again.
  await deps.scheduler.markRebuilt();
  for await (const page of deps.clocks.scanScheduled(o.batchSize ?? 500)) {
    const now = (deps.now?.() ?? new Date()).getTime();
    const due: Clock[] = [];
    const timers: Timer[] = [];
    for (const c of page) {
      report.clocks += 1;
      if (c.nextDueAt && c.nextDueAt.getTime() <= now) {
        due.push(c);
        continue;
      }
      const next = nextMark(c, await deps.calendarFor(c.calendarId));
      if (next) timers.push({ jobId: next.jobId, dueAt: next.dueAt });
    }
    if (timers.length > 0) await deps.scheduler.ensure(timers);
    await fireAll(deps, due, o.concurrency ?? 16);
    report.firedNow += due.length;
    report.timersEnsured += timers.length;
  }
  return report;
}

/**
 * The periodic pass. While Redis still holds what the last rebuild wrote, only clocks whose
 * next mark is overdue by more than a live timer ever is (a timer lost on its own) are fired;
 * that is one indexed query, however many clocks are open. If Redis lost its data, everything
 * is rebuilt.
 */
export async function reconcileTick(deps: SlaDeps, o: ReconcileOptions = {}): Promise<ReconcileReport> {
  if (!(await deps.scheduler.intact())) return reconcile(deps, o);
  const now = deps.now?.() ?? new Date();
  const overdue = await deps.clocks.findOverdue(new Date(now.getTime() - OVERDUE_GRACE_MS), 5000);
  await fireAll(deps, overdue, o.concurrency ?? 16);
  return { mode: 'overdue', clocks: overdue.length, firedNow: overdue.length, timersEnsured: 0 };
}
