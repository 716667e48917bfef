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

/**
 * Open clocks past a warning or breached (the first LIMIT by start), with counts per city
 * and per liaison over all of them.
 */
export async function listAtRisk(
  deps: Pick<SlaDeps, 'clocks'>,
  who: Identity,
  q: { cityCode?: string; liaisonId?: string; status?: 'at_risk' | 'breached' },
): Promise<AtRiskReport> {
  const cityCode = cityScope(who, q.cityCode);
  const [clocks, tallies] = await Promise.all([deps.clocks.list({ cityCode, liaisonId: q.liaisonId, open: true, flagged: true }, LIMIT), deps.clocks.tallyFlagged({ cityCode, liaisonId: q.liaisonId })]);
  const items = clocks.filter((c) => riskOf(c) !== 'ok' && (!q.status || riskOf(c) === q.status));
  const byCity = new Map<string, { cityCode: string } & RiskCount>();
  const byLiaison = new Map<string, { liaisonId: string | null; cityCode: string } & RiskCount>();
  for (const t of tallies) {
    const key = t.breached ? 'breached' : 'atRisk';
    if (q.status && (key === 'breached') !== (q.status === 'breached')) continue;
    const city = byCity.get(t.cityCode) ?? { cityCode: t.cityCode, atRisk: 0, breached: 0 };
    city[key] += t.count;
    byCity.set(t.cityCode, city);
    const lk = `${t.cityCode}|${t.liaisonId ?? ''}`;
    const liaison = byLiaison.get(lk) ?? { liaisonId: t.liaisonId, cityCode: t.cityCode, atRisk: 0, breached: 0 };
    liaison[key] += t.count;
    byLiaison.set(lk, liaison);
  }
  return { items, byCity: [...byCity.values()], byLiaison: [...byLiaison.values()] };
}
