import { isWorkingDay, localDate, nextDate, startOfLocalDay, type WorkCalendar } from './calendar';

/**
 * Deadline arithmetic. Time "counts" inside counting windows (all the time for calendar
 * hours; whole working days in the calendar's zone for working days) and outside pauses.
 * A target of N working days is N x 24 h of counted working-day time, so a request filed
 * at 15:00 on a Friday with a one-working-day target is due at 15:00 on the next working day.
 */
export type Basis = 'calendar_hours' | 'working_days';

export interface Pause {
  from: number;
  /** null while the pause is still open. */
  to: number | null;
}

/** Stops a scan over a calendar with no working days from running forever. */
const MAX_DAYS_SCANNED = 3660;

function* countingWindows(start: number, basis: Basis, cal: WorkCalendar | null): Generator<[number, number]> {
  if (basis === 'calendar_hours' || !cal) {
    yield [start, Infinity];
    return;
  }
  let date = localDate(cal.zone, start);
  for (let i = 0; i < MAX_DAYS_SCANNED; i++) {
    const next = nextDate(date);
    if (isWorkingDay(cal, date)) {
      const from = Math.max(start, startOfLocalDay(cal.zone, date));
      const to = startOfLocalDay(cal.zone, next);
      if (to > from) yield [from, to];
    }
    date = next;
  }
}

/** Sorted, merged pauses; an open pause runs to infinity. */
export function normalisePauses(pauses: readonly Pause[]): [number, number][] {
  const sorted = pauses.map((p): [number, number] => [p.from, p.to ?? Infinity]).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

/** The windows in which time counts, from `start` on, with the pauses cut out. */
function* countingPieces(start: number, basis: Basis, cal: WorkCalendar | null, pauses: readonly Pause[]): Generator<[number, number]> {
  const cuts = normalisePauses(pauses);
  let k = 0;
  for (const [wa, wb] of countingWindows(start, basis, cal)) {
    let a = wa;
    while (k < cuts.length && cuts[k]![1] <= a) k++;
    let j = k;
    while (a < wb) {
      const cut = cuts[j];
      if (!cut || cut[0] >= wb) {
        yield [a, wb];
        break;
      }
      if (cut[0] > a) yield [a, cut[0]];
      a = Math.max(a, cut[1]);
      j++;
    }
    if (a === Infinity) return;
  }
}

/** Counted milliseconds in [start, end). */
export function countedBetween(start: number, end: number, basis: Basis, cal: WorkCalendar | null, pauses: readonly Pause[] = []): number {
  if (end <= start) return 0;
  let total = 0;
  for (const [a, b] of countingPieces(start, basis, cal, pauses)) {
    if (a >= end) break;
    total += Math.min(b, end) - a;
  }
  return total;
}

/**
 * The instant at which `amountMs` of counted time has passed since `start`, or null when
 * it is never reached as things stand (an open pause, or a calendar without working days).
 */
export function instantAfterCounted(start: number, amountMs: number, basis: Basis, cal: WorkCalendar | null, pauses: readonly Pause[] = []): number | null {
  let left = Math.max(0, amountMs);
  for (const [a, b] of countingPieces(start, basis, cal, pauses)) {
    if (b - a >= left) return a + left;
    left -= b - a;
  }
  return null;
}
