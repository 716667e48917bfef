/** How far ahead an instrument counts as falling due, as accounts' daily scan counts by default. */
export const DUE_HORIZON_DAYS = 30;

export type DueState = 'overdue' | 'soon' | 'ok';

export function addDaysIso(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Overdue before today; due soon within the horizon; else not due. */
export function dueState(nextDueOn: string, today: string, horizonDays = DUE_HORIZON_DAYS): DueState {
  if (nextDueOn < today) return 'overdue';
  return nextDueOn <= addDaysIso(today, horizonDays) ? 'soon' : 'ok';
}

/** The badge look each state borrows from the SLA badges. */
export const DUE_BADGE: Record<DueState, string> = { overdue: 'badge badge-breached', soon: 'badge badge-warning', ok: 'badge badge-on_track' };

/** One row problem of a refused import, as accounts sends it. */
export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

export function rowProblems(problem: { code?: string; errors?: unknown } | undefined): RowProblem[] {
  if (problem?.code !== 'import_rejected' || !Array.isArray(problem.errors)) return [];
  return (problem.errors as Partial<RowProblem>[]).filter((e): e is RowProblem => typeof e.row === 'number' && typeof e.column === 'string' && typeof e.message === 'string');
}
