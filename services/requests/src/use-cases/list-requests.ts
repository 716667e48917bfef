import { scopeFilter, type Identity } from '@metrodesk/access';
import type { ListQuery, RequestsDeps } from './ports';

/** Lists what the caller may see: an enterprise its own requests, a city role its city's queue. */
export async function listRequests(deps: RequestsDeps, who: Identity, q: Omit<ListQuery, 'scope'>) {
  return deps.requests.list({ ...q, scope: scopeFilter(who, { city: 'cityCode', enterprise: 'enterpriseId' }) });
}
