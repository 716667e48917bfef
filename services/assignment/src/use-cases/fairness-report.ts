import type { Identity } from '@metrodesk/access';
import { fairness, type FairnessRow } from '../domain/routing';
import type { AssignmentDeps } from './ports';
import { loadReport } from './load-report';

/** Min, median and max load (open ÷ capacity) of the available liaisons in each city in scope. */
export async function fairnessReport(deps: AssignmentDeps, who: Identity, cityCode?: string): Promise<FairnessRow[]> {
  const rows = (await loadReport(deps, who, cityCode)).filter((r) => r.available);
  const byCity = new Map<string, number[]>();
  for (const r of rows) byCity.set(r.cityCode, [...(byCity.get(r.cityCode) ?? []), r.open / r.capacity]);
  return [...byCity].sort(([a], [b]) => a.localeCompare(b)).map(([city, ratios]) => fairness(city, ratios));
}
