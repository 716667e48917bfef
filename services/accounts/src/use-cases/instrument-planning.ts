import type { Identity } from '@metrodesk/access';
import { monthSpans, planCells, type PlanCell, type PlanningSettings } from '../domain/instrument-planning';
import { qualifiedVerifiers } from '../domain/verifier-file';
import { bureauDay } from '../domain/outreach';
import type { InstrumentClass } from '../domain/instrument';
import type { AccountsDeps } from './ports';
import { requireBureau, requireCity, scopeOf } from './access';

export interface PlanningQuery {
  /** YYYY-MM; the bureau's current month when absent. */
  fromMonth?: string;
  months: number;
  cityCode?: string;
}

export interface InstrumentPlan {
  fromMonth: string;
  months: string[];
  settings: PlanningSettings;
  cells: PlanCell[];
}

/**
 * Per city and month, the in-use instruments falling due by class, the verifier-days their
 * visits need, and how many of the city's verifiers hold a file covering the class all month.
 */
export async function instrumentPlanning(deps: Pick<AccountsDeps, 'instruments' | 'planning' | 'verifierFiles' | 'now'>, who: Identity, q: PlanningQuery): Promise<InstrumentPlan> {
  requireBureau(who);
  if (q.cityCode) requireCity(who, q.cityCode, 'plan verifications');
  const scope = scopeOf(who);
  const fromMonth = q.fromMonth ?? bureauDay(deps.now?.() ?? new Date()).slice(0, 7);
  const spans = monthSpans(fromMonth, q.months);
  const cityCode = q.cityCode ?? scope.cityCode;
  const [perMonth, files] = await Promise.all([
    Promise.all(spans.map((s) => deps.instruments.countByCityClass({ scope, cityCode, status: 'in_use', nextDueFrom: s.first, nextDueTo: s.last }))),
    deps.verifierFiles.inCities(cityCode),
  ]);
  const counts = new Map<string, { cityCode: string; month: string; instrumentClass: InstrumentClass; n: number }>();
  perMonth.forEach((groups, k) => {
    for (const g of groups) {
      const key = `${g.cityCode}|${spans[k]!.month}|${g.instrumentClass}`;
      const c = counts.get(key) ?? { cityCode: g.cityCode, month: spans[k]!.month, instrumentClass: g.instrumentClass, n: 0 };
      c.n += g.n;
      counts.set(key, c);
    }
  });
  const spanOf = new Map(spans.map((s) => [s.month, s]));
  const cells = planCells(deps.planning, [...counts.values()], (city, cls, month) => qualifiedVerifiers(files, city, cls, spanOf.get(month)!));
  return { fromMonth, months: spans.map((s) => s.month), settings: deps.planning, cells };
}
