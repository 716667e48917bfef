import { canSee, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { AssignmentDeps, CurrentCase } from './ports';

/** A request outside the caller's scope is reported as missing: existence must not leak. */
export async function visibleCase(deps: AssignmentDeps, who: Identity, requestId: string): Promise<CurrentCase> {
  const current = await deps.cases.latest(requestId);
  if (!current || !current.state.filed || !canSee(who, { cityCode: current.state.cityCode, enterpriseId: current.state.enterpriseId ?? undefined })) {
    throw new NotFoundError('request_assignment', requestId);
  }
  return current;
}
