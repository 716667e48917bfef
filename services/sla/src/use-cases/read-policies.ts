import { requireRole, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { Policy } from '../domain/policy';
import type { SlaDeps } from './ports';

const STAFF = ['liaison', 'city_manager', 'province_manager', 'admin', 'service'] as const;

/** Every policy's current version, or one policy's full version history. */
export async function readPolicies(deps: Pick<SlaDeps, 'policies'>, who: Identity, id?: string): Promise<Policy[]> {
  requireRole(who, ...STAFF);
  if (!id) return deps.policies.listCurrent();
  const history = await deps.policies.history(id);
  if (history.length === 0) throw new NotFoundError('policy', id);
  return history;
}
