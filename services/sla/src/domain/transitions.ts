import type { WorkCalendar } from './calendar';
import { derived, dueAt, elapsedMs, isOpen, isPaused, pendingMarks, type Clock, type Mark } from './clock';

/** What a transition did, for the events it publishes. */
export type Happening =
  | { type: 'started' }
  | { type: 'mark'; mark: Mark; dueAt: Date }
  | { type: 'paused'; at: Date }
  | { type: 'resumed'; at: Date }
  | { type: 'met'; at: Date; elapsedMs: number; withinTarget: boolean };

export interface Transition {
  clock: Clock;
  happenings: Happening[];
}

const settle = (c: Clock, cal: WorkCalendar | null): Clock => ({ ...c, ...derived(c, cal) });

/** Fires every unfired mark that is due by `now`, in order; a fired mark never fires again. */
export function fireDue(c: Clock, now: Date, cal: WorkCalendar | null, earlyToleranceMs = 0): Transition {
  const due = pendingMarks(c, cal).filter((p) => p.dueAt.getTime() <= now.getTime() + earlyToleranceMs);
  if (due.length === 0) return { clock: c, happenings: [] };
  let next: Clock = { ...c, fired: [...c.fired], firings: [...c.firings] };
  for (const { mark, dueAt: at } of due) {
    next.fired.push(mark.key);
    next.firings.push({ mark: mark.key, dueAt: at, at: now });
    if (mark.kind === 'breach' && !next.breached) next = { ...next, breached: true, breachedAt: now };
  }
  return { clock: settle(next, cal), happenings: due.map((d) => ({ type: 'mark', mark: d.mark, dueAt: d.dueAt })) };
}

export function pause(c: Clock, at: Date, cal: WorkCalendar | null): Transition {
  if (!isOpen(c) || isPaused(c)) return { clock: c, happenings: [] };
  return { clock: settle({ ...c, pauses: [...c.pauses, { from: at, to: null }] }, cal), happenings: [{ type: 'paused', at }] };
}

export function resume(c: Clock, at: Date, cal: WorkCalendar | null): Transition {
  if (!isOpen(c) || !isPaused(c)) return { clock: c, happenings: [] };
  const pauses = c.pauses.map((p) => (p.to === null ? { from: p.from, to: at < p.from ? p.from : at } : p));
  return { clock: settle({ ...c, pauses }, cal), happenings: [{ type: 'resumed', at }] };
}

/**
 * Stops the clock. A stop past the deadline whose breach timer has not fired yet still
 * counts as a breach (and publishes it), because once breached a target stays breached.
 */
export function stop(c: Clock, at: Date, outcome: 'met' | 'cancelled', cal: WorkCalendar | null): Transition {
  if (!isOpen(c)) return { clock: c, happenings: [] };
  const closedPauses = c.pauses.map((p) => (p.to === null ? { from: p.from, to: at < p.from ? p.from : at } : p));
  let next: Clock = { ...c, pauses: closedPauses };
  const elapsed = elapsedMs({ ...next, stoppedAt: at }, cal, at);
  const happenings: Happening[] = [];
  const late = elapsed > next.targetMs + next.extensionMs;
  if (outcome === 'met' && late && !next.breached) {
    const breach = next.marks.find((m) => m.kind === 'breach');
    const deadline = dueAt(next, 100, cal) ?? at;
    next = { ...next, breached: true, breachedAt: at, fired: [...next.fired, 'breach'], firings: [...next.firings, { mark: 'breach', dueAt: deadline, at }] };
    if (breach) happenings.push({ type: 'mark', mark: breach, dueAt: deadline });
  }
  const withinTarget = !next.breached && !late;
  next = { ...next, stoppedAt: at, outcome, withinTarget: outcome === 'met' ? withinTarget : null };
  if (outcome === 'met') happenings.push({ type: 'met', at, elapsedMs: Math.round(elapsed), withinTarget });
  return { clock: settle(next, cal), happenings };
}

/** Approved extension: more working time on the resolution target. */
export function extend(c: Clock, extraMs: number, cal: WorkCalendar | null): Transition {
  if (!isOpen(c) || extraMs <= 0) return { clock: c, happenings: [] };
  return { clock: settle({ ...c, extensionMs: c.extensionMs + extraMs }, cal), happenings: [] };
}

/** Counts the deadline again on a changed calendar (a year's notice was loaded). */
export function recount(c: Clock, cal: WorkCalendar | null): Transition {
  if (!isOpen(c)) return { clock: c, happenings: [] };
  return { clock: settle(c, cal), happenings: [] };
}

/** A manager re-applied the current policy: new target and marks; what fired stays fired. */
export function reapply(c: Clock, p: Pick<Clock, 'policyId' | 'policyVersion' | 'basis' | 'targetMs' | 'calendarId' | 'marks'>, cal: WorkCalendar | null): Transition {
  if (!isOpen(c)) return { clock: c, happenings: [] };
  return { clock: settle({ ...c, ...p }, cal), happenings: [] };
}
