import type { Identity } from '@metrodesk/access';
import { riskOf, type Clock } from '../domain/clock';
import type { SlaDeps } from './ports';
import { cityScope } from './scope';

export interface RiskCount {
  atRisk: number;
  breached: number;
}

export interface AtRiskReport {
  items: Clock[];
  byCity: ({ cityCode: string } & RiskCount)[];
  byLiaison: ({ liaisonId: string | null; cityCode: string } & RiskCount)[];
}

const LIMIT = 2000;

/** Open clocks past a warning or breached, with counts per city and per liaison. */
export async function listAtRisk(
  deps: Pick<SlaDeps, 'clocks'>,
  who: Identity,
  q: { cityCode?: string; liaisonId?: string; status?: 'at_risk' | 'breached' },
): Promise<AtRiskReport> {
  const cityCode = cityScope(who, q.cityCode);
  const clocks = await deps.clocks.list({ cityCode, liaisonId: q.liaisonId, open: true, flagged: true }, LIMIT);
  const items = clocks.filter((c) => riskOf(c) !== 'ok' && (!q.status || riskOf(c) === q.status));
  const byCity = new Map<string, { cityCode: string } & RiskCount>();
  const byLiaison = new Map<string, { liaisonId: string | null; cityCode: string } & RiskCount>();
  for (const c of items) {
    const key = riskOf(c) === 'breached' ? 'breached' : 'atRisk';
    const city = byCity.get(c.cityCode) ?? { cityCode: c.cityCode, atRisk: 0, breached: 0 };
    city[key] += 1;
    byCity.set(c.cityCode, city);
    const lk = `${c.cityCode}|${c.liaisonId ?? ''}`;
    const liaison = byLiaison.get(lk) ?? { liaisonId: c.liaisonId, cityCode: c.cityCode, atRisk: 0, breached: 0 };
    liaison[key] += 1;
    byLiaison.set(lk, liaison);
  }
  return { items, byCity: [...byCity.values()], byLiaison: [...byLiaison.values()] };
}
