import { canSee, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { ServiceRequest } from '../domain/request';
import type { RequestsDeps } from './ports';

/** Someone else's request is reported as missing: existence itself must not leak. */
export async function getRequest(deps: RequestsDeps, who: Identity, id: string): Promise<ServiceRequest> {
  const r = await deps.requests.findById(id);
  if (!r || !canSee(who, { cityCode: r.cityCode, enterpriseId: r.enterpriseId })) throw new NotFoundError('request', id);
  return r;
}

/** What the caller may read of a request: enterprises never see internal comments. */
export function visibleTo(who: Identity, r: ServiceRequest): ServiceRequest {
  return who.role === 'enterprise' ? { ...r, comments: r.comments.filter((c) => c.visibility === 'public') } : r;
}
