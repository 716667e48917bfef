import { fireDue, type Transition } from '../domain/transitions';
import { pendingMarks } from '../domain/clock';
import type { SlaDeps } from './ports';
import { mutateClock } from './mutate-clock';

/** Timers may fire a little early (clock skew, a stale delay); within this they count as on time. */
const EARLY_TOLERANCE_MS = 5;

/**
 * Fires what is due on a clock: called by a timer or by reconciliation. Returns when the
 * given mark is due if it is not yet (a timer left from before a pause or a new policy).
 */
export async function fireDueMarks(deps: SlaDeps, clockId: string, markKey?: string): Promise<{ retryAt: Date | null }> {
  let retryAt: Date | null = null;
  await mutateClock(deps, clockId, (c, cal, now): Transition => {
    retryAt = null;
    const fired = fireDue(c, now, cal, EARLY_TOLERANCE_MS);
    if (markKey && !fired.clock.fired.includes(markKey)) {
      retryAt = pendingMarks(c, cal).find((p) => p.mark.key === markKey)?.dueAt ?? null;
    }
    return fired;
  });
  return { retryAt };
}
