import { requireRole, type Identity } from '@metrodesk/access';
import { ValidationError } from '@metrodesk/errors';
import { dueSoonUntil, figureRows, figureTotals, type FigureCounts, type FigurePart, type FigureRow } from '../domain/instrument-figures';
import { bureauDay } from '../domain/outreach';
import type { AccountsDeps } from './ports';
import { BUREAU_ROLES, requireCity, scopeOf } from './access';

export interface FigureQuery {
  from: string;
  to: string;
  cityCode?: string;
}

export interface InstrumentFigures {
  today: string;
  from: string;
  to: string;
  dueWithinDays: number;
  rows: FigureRow[];
  totals: FigureCounts;
}

/**
 * The registry's figures in the caller's scope (an enterprise its own, city roles their city,
 * the province all), by city and class: registered, due soon, overdue, and the period's
 * verifications on time or late against the due day each answered.
 */
export async function instrumentFigures(deps: Pick<AccountsDeps, 'instruments' | 'dueSettings' | 'now'>, who: Identity, q: FigureQuery): Promise<InstrumentFigures> {
  requireRole(who, 'enterprise', ...BUREAU_ROLES);
  if (q.from > q.to) throw new ValidationError([{ path: 'to', message: `the period ends (${q.to}) before it starts (${q.from})` }]);
  if (q.cityCode && who.role !== 'enterprise') requireCity(who, q.cityCode, 'see figures');
  const scope = scopeOf(who);
  const today = bureauDay(deps.now?.() ?? new Date());
  const horizon = deps.dueSettings.defaultDays;
  const base = { scope, cityCode: q.cityCode };
  const [registered, dueSoon, overdue] = await Promise.all([
    deps.instruments.countByCityClass({ ...base, status: 'not_scrapped' }),
    deps.instruments.countByCityClass({ ...base, status: 'in_use', nextDueFrom: today, nextDueTo: dueSoonUntil(today, horizon) }),
    deps.instruments.countByCityClass({ ...base, status: 'in_use', nextDueBefore: today }),
  ]);
  const parts: FigurePart[] = [
    ...registered.map((c) => ({ ...c, field: 'registered' as const })),
    ...dueSoon.map((c) => ({ ...c, field: 'dueSoon' as const })),
    ...overdue.map((c) => ({ ...c, field: 'overdue' as const })),
    ...overdue.filter((c) => c.compulsory).map((c) => ({ ...c, field: 'overdueCompulsory' as const })),
  ];
  for await (const i of deps.instruments.withVerificationsBetween(scope, q.cityCode, q.from, q.to)) {
    for (const v of i.verifications) {
      if (v.superseded || v.verifiedOn < q.from || v.verifiedOn > q.to) continue;
      parts.push({ cityCode: i.cityCode, instrumentClass: i.instrumentClass, field: v.onTime ? 'verifiedOnTime' : 'verifiedLate', n: 1 });
    }
  }
  const rows = figureRows(parts);
  return { today, from: q.from, to: q.to, dueWithinDays: horizon, rows, totals: figureTotals(rows) };
}
