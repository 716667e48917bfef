import { canSee, requireRole, type Identity } from '@metrodesk/access';
import { NotFoundError } from '@metrodesk/errors';
import type { Session } from '../domain/session';
import { ORGANISER_ROLES } from '../domain/visibility';
import type { TrainingDeps } from './ports';

/** Another city's session is reported as missing: existence itself must not leak. */
export async function getSession(deps: TrainingDeps, who: Identity, id: string): Promise<Session> {
  const s = await deps.sessions.findById(id);
  if (!s || !canSee(who, { cityCode: s.cityCode })) throw new NotFoundError('session', id);
  return s;
}

/** A session the caller may act on as organiser: visible (else 404) and an organiser role (else 403). */
export async function organisedSession(deps: TrainingDeps, who: Identity, id: string): Promise<Session> {
  const s = await getSession(deps, who, id);
  requireRole(who, ...ORGANISER_ROLES);
  return s;
}
