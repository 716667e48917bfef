import type { Identity } from '@metrodesk/access';
import type { Enterprise } from '../domain/enterprise';
import { addDays, bureauDay } from '../domain/outreach';
import type { AccountsDeps, Page } from './ports';
import { requireBureau, scopeOf } from './access';
import type { EnterpriseFilter } from './list-enterprises';

/** Active enterprises in the caller's scope with no outreach logged in the last `days` days. */
export async function enterprisesNotVisited(deps: AccountsDeps, who: Identity, days: number, filter: EnterpriseFilter): Promise<Page<Enterprise>> {
  requireBureau(who);
  const scope = scopeOf(who);
  const since = addDays(bureauDay(deps.now?.() ?? new Date()), -days);
  const visited = await deps.outreach.visitedSince(scope, since);
  return deps.enterprises.list({ ...filter, status: 'active', scope, excludeIds: visited });
}
