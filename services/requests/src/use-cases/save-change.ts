import { actorFor, type Identity } from '@metrodesk/access';
import { ForbiddenError, VersionConflictError } from '@metrodesk/errors';
import type { OutboxEntry } from '@metrodesk/events/model';
import type { Role } from '@metrodesk/access';
import type { Change } from '../domain/due-instruments';
import type { ServiceRequest } from '../domain/request';
import type { RequestsDeps } from './ports';
import { getRequest } from './get-request';

/** Bureau staff who work a city's proactive requests; the enterprise answers for itself. */
export const BUREAU: readonly Role[] = ['liaison', 'city_manager', 'province_manager', 'admin'];
export const ENTERPRISE: readonly Role[] = ['enterprise'];

/** The request as the caller may act on it: in scope, their role among `roles`, at the `version` they saw. */
export async function requestToChange(deps: RequestsDeps, who: Identity, id: string, version: number, roles: readonly Role[], why: string): Promise<ServiceRequest> {
  const current = await getRequest(deps, who, id);
  if (!roles.includes(who.role)) throw new ForbiddenError(why);
  if (current.version !== version) throw new VersionConflictError('request', id, version, current.version);
  return current;
}

/** Saves one change with its history lines and events in one write, at the next version. */
export async function saveChange(deps: RequestsDeps, current: ServiceRequest, change: Change, events: (next: ServiceRequest) => OutboxEntry[], extraHistory: Change['history'][] = []): Promise<ServiceRequest> {
  const next = { ...change.next, version: current.version + 1 };
  const saved = await deps.requests.save(next, current.version, { history: [change.history, ...extraHistory] }, events(next));
  return saved;
}

export const byOf = (who: Identity) => ({ userId: who.userId, role: who.role, name: actorFor(who).name });
