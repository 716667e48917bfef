import { isProvinceWide, type Identity } from '@metrodesk/access';
import type { Session } from '../domain/session';
import type { SessionFilter, TrainingDeps } from './ports';

export async function listSessions(deps: TrainingDeps, who: Identity, filter: SessionFilter): Promise<Session[]> {
  if (isProvinceWide(who)) return deps.sessions.list(filter);
  if (who.role === 'enterprise' || (filter.cityCode && filter.cityCode !== who.cityCode)) return [];
  return deps.sessions.list({ ...filter, cityCode: who.cityCode });
}
