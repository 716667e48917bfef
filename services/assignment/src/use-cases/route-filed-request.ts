import type { z } from 'zod';
import type { requestFiled } from '@metrodesk/contracts';
import { emptyCase, type CaseState, type Step } from '../domain/case';
import { localDate, ruleFor } from '../domain/roster';
import { route } from '../domain/routing';
import { commitStep } from './commit-step';
import type { AssignmentDeps } from './ports';
import { loadRosterView } from './roster-view';
import { placeWork } from './place-work';
import { enterpriseCity } from './enterprise-city';

export type FiledData = z.infer<(typeof requestFiled)['data']>;

/**
 * Routes a newly filed request: territory from the accounts projection (the request's own
 * city until the enterprise is known), a city rule may send the category elsewhere, then
 * category, leave and load decide on the filing day. The enterprise's preferred time is free
 * text for the liaison and plays no part. A repeated filing finds the request routed and
 * does nothing.
 */
export async function routeFiledRequest(deps: AssignmentDeps, data: FiledData, correlationId?: string): Promise<Step | null> {
  const at = new Date(data.at);
  const today = localDate(at);
  const home = (await enterpriseCity(deps, data.enterpriseId)) ?? data.cityCode;
  const cityCode = ruleFor((await loadRosterView(deps, home, today)).rules, data.category)?.routeToCityCode ?? home;
  return commitStep(deps, data.requestId, async (current) => {
    if (current?.state.filed) return null;
    const state: CaseState = {
      ...(current?.state ?? emptyCase(data.requestId, cityCode)),
      enterpriseId: data.enterpriseId,
      cityCode,
      category: data.category,
      priority: data.priority,
      title: data.title,
      number: data.number ?? null,
      instrumentClasses: [...new Set(data.instruments.map((i) => i.class))],
      filed: true,
      requestVersion: data.version,
      cycle: data.cycle,
    };
    const view = await loadRosterView(deps, cityCode, today);
    const decision = route({ category: data.category }, view);
    return placeWork(deps, current, state, decision, { at, by: 'system', how: 'auto', correlationId });
  }, { likelyNew: true });
}
