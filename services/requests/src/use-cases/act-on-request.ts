import { actorFor, type Identity } from '@metrodesk/access';
import { ForbiddenError, VersionConflictError } from '@metrodesk/errors';
import { currentContext } from '@metrodesk/logger';
import { decide, type Command } from '../domain/decide';
import { whyNot } from '../domain/permissions';
import type { ServiceRequest } from '../domain/request';
import type { RequestsDeps } from './ports';
import { decisionEvents } from './request-events';
import { getRequest } from './get-request';

/**
 * Runs one lifecycle command for a user. `version` is the version the user last saw: if
 * anyone changed the request since, the write is refused with 409 and nothing is lost.
 */
export async function actOnRequest(deps: RequestsDeps, who: Identity, id: string, version: number, command: Command): Promise<ServiceRequest> {
  const current = await getRequest(deps, who, id);
  // Who may act comes first: a refusal must not depend on how fresh the caller's copy is.
  const why = whyNot(who, command.action, current);
  if (why) throw new ForbiddenError(why);
  if (current.version !== version) throw new VersionConflictError('request', id, version, current.version);
  const at = deps.now?.() ?? new Date();
  const d = decide(current, command, who, at);
  const next = { ...d.next, version: version + 1 };
  const events = decisionEvents(next, d, command.action, who.userId, at, currentContext().correlationId, actorFor(who));
  const saved = await deps.requests.save(next, version, { history: [d.history] }, events);
  return saved;
}
