import type { Identity } from '@metrodesk/access';
import type { Outreach } from '../domain/outreach';
import type { AccountsDeps, OutreachQuery, Page } from './ports';
import { requireBureau, scopeOf } from './access';
import { getEnterprise } from './get-enterprise';

/**
 * Outreach in the caller's city (or everywhere for province-wide roles): one enterprise's
 * timeline, a liaison's or a city's work for a period, or the follow-ups due.
 */
export async function listOutreach(deps: AccountsDeps, who: Identity, query: Omit<OutreachQuery, 'scope'>): Promise<Page<Outreach>> {
  requireBureau(who);
  if (query.enterpriseId) await getEnterprise(deps, who, query.enterpriseId);
  return deps.outreach.list({ ...query, scope: scopeOf(who) });
}
