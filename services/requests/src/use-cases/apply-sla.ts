import { applySla, type SlaSignal } from '../domain/sla';
import type { RequestsDeps } from './ports';
import { UnknownRequestError } from './apply-assignment';

/** Folds an SLA clock event into the request's SLA view; a duplicate or late event changes nothing. */
export async function applySlaSignal(deps: RequestsDeps, requestId: string, s: SlaSignal): Promise<boolean> {
  for (;;) {
    const current = await deps.requests.findSla(requestId);
    if (!current) throw new UnknownRequestError(requestId);
    const next = applySla(current.sla, s);
    if (!next) return false;
    // Someone else changed the view meanwhile: read it again and fold this event into theirs.
    if (await deps.requests.saveSla(requestId, current.rev, next)) return true;
  }
}
