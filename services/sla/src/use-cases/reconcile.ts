import { jobId, pendingMarks } from '../domain/clock';
import type { SlaDeps, Timer } from './ports';
import { fireDueMarks } from './fire-due-marks';

export interface ReconcileReport {
  clocks: number;
  firedNow: number;
  timersEnsured: number;
}

/**
 * Rebuilds the scheduler from MongoDB: a mark that fell due while no timer existed (the
 * service was down, Redis was wiped) fires at once; every other pending mark gets its timer
 * back if it is missing. Safe to run at any time and from several processes: firing is a
 * compare-and-set on the clock, and timers have deterministic ids.
 */
export async function reconcile(deps: SlaDeps, batchSize = 500): Promise<ReconcileReport> {
  const report: ReconcileReport = { clocks: 0, firedNow: 0, timersEnsured: 0 };
  for await (const page of deps.clocks.scanScheduled(batchSize)) {
    const now = deps.now?.() ?? new Date();
    const timers: Timer[] = [];
    for (const c of page) {
      report.clocks += 1;
      if (c.nextDueAt && c.nextDueAt.getTime() <= now.getTime()) {
        await fireDueMarks(deps, c.id);
        report.firedNow += 1;
        const fresh = await deps.clocks.findById(c.id);
        if (!fresh) continue;
        const cal = await deps.calendarFor(fresh.calendarId);
        for (const p of pendingMarks(fresh, cal)) timers.push({ jobId: jobId(fresh.requestId, fresh.cycle, fresh.kind, p.mark.key), dueAt: p.dueAt });
        continue;
      }
      const cal = await deps.calendarFor(c.calendarId);
      for (const p of pendingMarks(c, cal)) timers.push({ jobId: jobId(c.requestId, c.cycle, c.kind, p.mark.key), dueAt: p.dueAt });
    }
    if (timers.length > 0) await deps.scheduler.ensure(timers);
    report.timersEnsured += timers.length;
  }
  return report;
}
